package io.nowcast.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureSpecTest {

  @Test
  void plainValueIsTheDefaultSpec() {
    FeatureSpec spec = FeatureSpec.parse("value");

    assertEquals(FeatureSpec.DEFAULT, spec);
    assertEquals("value", spec.toString());
    assertEquals(1, spec.inputSize());
    assertEquals(Normalisation.ew(1000), spec.normalisation());
  }

  @Test
  void everyTermParsesInAnyOrderAndPrintsCanonically() {
    FeatureSpec spec =
        FeatureSpec.parse("value, cov=temp+load ,calendar=dow+hour@Europe/Berlin,gap,dt,norm=fixed(1.50,2)");

    assertEquals("value,norm=fixed(1.5,2),dt,gap,calendar=hour+dow@Europe/Berlin,cov=temp+load", spec.toString());
    assertEquals(List.of("temp", "load"), spec.covariates());
    assertEquals(new CalendarTerms(true, true, ZoneId.of("Europe/Berlin")), spec.calendar());
    assertEquals(1 + 1 + 1 + 4 + 2 * 2, spec.inputSize());
  }

  @Test
  void defaultNormalisationAndUtcAreLeftOutOfTheCanonicalForm() {
    FeatureSpec spec = FeatureSpec.parse("value,norm=ew(1000.0),calendar=hour@UTC");

    assertEquals("value,calendar=hour", spec.toString());
    assertEquals(FeatureSpec.parse("value,calendar=hour@Z"), spec);
    assertEquals(3, spec.inputSize());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dt,value | 'value'",
        "value,dt,dt | 'dt'",
        "value,norm=ew(0) | half-life",
        "value,norm=ew(x) | 'norm=ew(x)'",
        "value,norm=fixed(1,0) | std",
        "value,norm=median | 'norm=median'",
        "value,calendar=week | 'calendar=week'",
        "value,calendar=hour+hour | 'calendar=hour+hour'",
        "value,calendar=hour@Mars/Base | 'Mars/Base'",
        "value,cov=a+a | 'a'",
        "value,cov=a b | 'a b'",
        "value,cov= | 'cov='",
        "value,frobnicate | 'frobnicate'",
      })
  void parseErrorsNameTheTerm(String spec, String expectedInMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse(spec));

    assertTrue(e.getMessage().contains(expectedInMessage), () -> "message: " + e.getMessage());
  }

  @Test
  void emptySpecIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse(" "));

    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }

  @Property(tries = 300)
  void canonicalFormRoundTrips(@ForAll("specs") FeatureSpec spec) {
    FeatureSpec reparsed = FeatureSpec.parse(spec.toString());

    assertEquals(spec, reparsed);
    assertEquals(spec.toString(), reparsed.toString());
    assertEquals(spec.inputSize(), reparsed.inputSize());
  }

  /** Any positive finite double, drawn from raw bits so that long decimal expansions are covered. */
  private static Arbitrary<Double> positiveDoubles() {
    return Arbitraries.longs()
        .between(Double.doubleToLongBits(Double.MIN_NORMAL), Double.doubleToLongBits(Double.MAX_VALUE))
        .map(Double::longBitsToDouble);
  }

  @Provide
  Arbitrary<FeatureSpec> specs() {
    Arbitrary<Normalisation> norms =
        Arbitraries.oneOf(
            positiveDoubles().map(Normalisation::ew),
            Arbitraries.just(Normalisation.none()),
            Combinators.combine(
                    Arbitraries.oneOf(positiveDoubles(), positiveDoubles().map(d -> -d), Arbitraries.just(0.0)),
                    positiveDoubles())
                .as(Normalisation::fixed));
    Arbitrary<CalendarTerms> calendars =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneOffset.ofHours(5)))
            .as((hour, dow, zone) -> hour || dow ? new CalendarTerms(hour, dow, zone) : null)
            .injectNull(0.3);
    Arbitrary<List<String>> covariates =
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("_.-").ofMinLength(1).ofMaxLength(8)
            .list().uniqueElements().ofMaxSize(4);
    return Combinators.combine(norms, Arbitraries.of(true, false), Arbitraries.of(true, false), calendars, covariates)
        .as(FeatureSpec::new);
  }
}
