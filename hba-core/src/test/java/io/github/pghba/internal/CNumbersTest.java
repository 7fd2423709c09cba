package io.github.pghba.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code atoi} as glibc 2.36 computes it (values printed by a C program on this machine). */
class CNumbersTest {

    @ParameterizedTest(name = "atoi(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', value = {
        "389|389",
        "0|0",
        "4294967296|0",
        "4294967297|1",
        "-4294967295|1",
        "-4294967296|0",
        "8589934592|0",
        "9223372036854775807|-1",
        "9223372036854775808|-1",
        "99999999999999999999|-1",
        "-9223372036854775808|0",
        "-9223372036854775809|0",
        "99999999999|1215752191",
        "' \t+12x'|12",
        "-|0",
        "2147483648|-2147483648",
        "-2147483649|2147483647",
        "'  -0012'|-12",
        "x1|0",
    })
    void atoiIsStrtolCutToInt(String text, int expected) {
        assertThat(CNumbers.atoi(text)).isEqualTo(expected);
    }
}
