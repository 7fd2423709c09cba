package io.github.pghba.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

    private static AuthSettings with(Map<String, String> values) {
        return new AuthSettings(Optional.empty(), AuthSettings.ClientCert.OFF, AuthSettings.ClientName.CN, false,
                values, List.of("radiusservers=a"));
    }

    @Test
    void toStringListsTheValuesByNameWhateverTheirOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        String[] names = {"radiusservers", "radiussecrets", "radiusports", "radiusidentifiers", "map", "krb_realm"};
        for (int i = 0; i < names.length; i++) {
            forward.put(names[i], "v" + i);
            backward.put(names[names.length - 1 - i], "v" + (names.length - 1 - i));
        }
        AuthSettings a = with(forward);
        AuthSettings b = with(backward);
        assertThat(a).isEqualTo(b);
        assertThat(a.toString()).isEqualTo(b.toString()).isEqualTo("AuthSettings[map=Optional.empty, clientCert=OFF,"
                + " clientName=CN, includeRealm=false, values={krb_realm=v5, map=v4, radiusidentifiers=v3,"
                + " radiusports=v2, radiussecrets=v1, radiusservers=v0}, viewOptions=[radiusservers=a]]");
    }
}
