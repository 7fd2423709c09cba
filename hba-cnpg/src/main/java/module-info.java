/**
 * pghba for CloudNativePG: renders the files the operator writes for a Cluster or Pooler manifest
 * and reviews them.
 */
module io.github.pghba.cnpg {
    requires transitive io.github.pghba.core;
    requires org.yaml.snakeyaml;
    requires static transitive org.jspecify;

    exports io.github.pghba.cnpg;
}
