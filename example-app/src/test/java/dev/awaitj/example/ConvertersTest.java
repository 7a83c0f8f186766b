package dev.awaitj.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConvertersTest {

    @Test
    void parsesDurations() {
        assertEquals(Duration.ofMillis(500), Converters.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(2), Converters.parseDuration("2s"));
        assertEquals(Duration.ofSeconds(2), Converters.parseDuration("2"));
        assertEquals(Duration.ofMillis(1500), Converters.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(1), Converters.parseDuration("1m"));
        assertEquals(Duration.ofSeconds(3), Converters.parseDuration("PT3S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseDuration("soon"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseDuration("-1s"));
    }

    @Test
    void parsesSizes() {
        assertEquals(65536L, Converters.parseSize("65536"));
        assertEquals(512L * 1024, Converters.parseSize("512k"));
        assertEquals(2L * 1024 * 1024, Converters.parseSize("2M"));
        assertEquals(2L * 1024 * 1024, Converters.parseSize("2MiB"));
        assertEquals(1L << 30, Converters.parseSize("1g"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseSize("lots"));
    }
}
