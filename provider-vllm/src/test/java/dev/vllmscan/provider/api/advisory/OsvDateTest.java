package dev.vllmscan.provider.api.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * OSV dates are read from the RFC 3339 pattern's fields: every one must come out as java.time's ISO parser reads it,
 * and every one that parser (or RFC 3339) refuses must be refused.
 */
class OsvDateTest {
  private static Instant iso(String s) {
    return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  @Test
  void validDatesReadAsTheIsoParserReadsThem() {
    List<String> valid = List.of("2026-11-28T00:00:00Z", "2026-11-28t00:00:00z", "2024-02-29T23:59:59Z",
        "2025-06-01T12:34:56.7Z", "2025-06-01T12:34:56.123456789Z", "2025-06-01T12:34:56.000001+05:30",
        "2025-06-01T00:00:00-08:00", "2025-06-01T00:00:00-00:30", "2025-06-01T00:00:00+18:00", "0001-01-01T00:00:00Z");
    for (String s : valid) assertEquals(iso(s), OsvReader.instant(s), s);
  }

  @Test
  void invalidDatesAreRefused() {
    List<String> invalid = List.of("2026-11-28T00:00Z", "2026-11-28", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T23:60:00Z", "2026-11-28T23:59:60Z",
        "2026-11-28T00:00:00+19:00", "2026-11-28T00:00:00+05:60", "2026-11-28T00:00:00", "2026-11-28T00:00:00.Z",
        "2026-11-28T00:00:00.1234567890Z", "2026-11-28 00:00:00Z", "not a date", "");
    for (String s : invalid) {
      assertThrows(IllegalArgumentException.class, () -> OsvReader.instant(s), s);
      boolean isoRefuses;
      try {
        iso(s);
        isoRefuses = false;
      } catch (DateTimeParseException e) {
        isoRefuses = true;
      }
      // Two java.time would take, RFC 3339 refuses: seconds are required, and a fraction needs a digit.
      assertTrue(isoRefuses || s.equals("2026-11-28T00:00Z") || s.equals("2026-11-28T00:00:00.Z"),
          s + " is read by java.time's ISO parser");
    }
  }
}
