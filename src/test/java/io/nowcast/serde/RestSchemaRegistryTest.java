package io.nowcast.serde;

import static io.nowcast.serde.AvroSerdeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryTest {

  private static final String TOPIC = "sensors";
  private FakeRegistryServer server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistryServer("rest-registry-test");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> config(String urls, Object... extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, urls);
    config.put(SerdeConfig.RETRY_BACKOFF_MS, 1L);
    config.put(SerdeConfig.MAX_RETRIES, 3);
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return config;
  }

  private RestSchemaRegistry client(Object... extra) {
    return new RestSchemaRegistry(new SerdeConfig(config(server.url(), extra)));
  }

  /** A loopback port nobody listens on. */
  private static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + FakeRegistryServer.BASE_PATH;
    }
  }

  @Test
  void registerGetByIdLatestAndLookupSpeakTheCcompatApi() {
    RestSchemaRegistry client = client();
    Schema schema = SensorReading.getClassSchema();
    int id = client.register("s-value", schema);

    RestSchemaRegistry fresh = client();
    assertEquals(schema, fresh.getById(id));
    assertEquals(id, fresh.lookup("s-value", schema));
    RegisteredSchema latest = fresh.latest("s-value");
    assertEquals(new RegisteredSchema(id, 1, schema), latest);
    assertEquals("/apis/ccompat/v7/subjects/s-value/versions", server.requests().get(0).path());
  }

  @Test
  void compatibilityLevelAndTestAreForwarded() {
    RestSchemaRegistry client = client();
    Schema v1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
    Schema withoutDefault =
        SchemaBuilder.record("R").fields().requiredInt("a").requiredInt("b").endRecord();
    assertTrue(client.testCompatibility("r", withoutDefault), "no history: anything is compatible");
    client.register("r", v1);
    client.setCompatibility(SchemaRegistry.GLOBAL, CompatibilityLevel.BACKWARD);
    assertFalse(client.testCompatibility("r", withoutDefault));
    client.setCompatibility("r", CompatibilityLevel.NONE);
    assertTrue(client.testCompatibility("r", withoutDefault));
  }

  @Test
  void warmSerdeMakesNoFurtherRequests() {
    RestSchemaRegistry client = client();
    AvroSerde<SensorReading> serde = new AvroSerde<>(SensorReading.class, client);
    serde.configure(config(server.url()), false);
    byte[] first = serde.serializer().serialize(TOPIC, TestRecords.sensorReading());
    serde.deserializer().deserialize(TOPIC, first);
    long warm = client.requestCount();

    for (int i = 0; i < 10; i++) {
      serde
          .deserializer()
          .deserialize(TOPIC, serde.serializer().serialize(TOPIC, TestRecords.sensorReading()));
    }
    assertEquals(1, warm, "one registration; the id → schema entry is filled by it");
    assertEquals(warm, client.requestCount());
    assertEquals(1, server.requests().size());
  }

  @Test
  void serverErrorsAreRetriedUntilSuccess() {
    RestSchemaRegistry client = client();
    server.failNext(503, 503);
    int id = client.register("s", SensorReading.getClassSchema());
    assertEquals(1, id);
    assertEquals(3, client.requestCount());
  }

  @Test
  void serverErrorsBeyondTheRetriesFailNamingStatusAndAttempts() {
    RestSchemaRegistry client = client(SerdeConfig.MAX_RETRIES, 1);
    server.failNext(503, 502);
    SchemaRegistryException e =
        assertThrows(SchemaRegistryException.class, () -> client.getById(1));
    assertMessage(e, "after 2 attempt(s)", "HTTP 502");
    assertEquals(2, client.requestCount());
  }

  @Test
  void notFoundIsNotRetried() {
    RestSchemaRegistry client = client();
    SchemaRegistryException e =
        assertThrows(SchemaRegistryException.class, () -> client.getById(77));
    assertEquals(404, e.httpStatus());
    assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, e.errorCode());
    assertEquals(1, client.requestCount());
  }

  @Test
  void incompatibleSchemaFailsWithTheConflictAfterCheckingTheSubjectOnce() {
    RestSchemaRegistry client = client();
    client.register("r", SchemaBuilder.record("R").fields().requiredInt("a").endRecord());
    SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class,
            () ->
                client.register(
                    "r", SchemaBuilder.record("R").fields().requiredString("a").endRecord()));
    assertEquals(409, e.httpStatus());
    assertEquals(
        List.of(
            "POST /apis/ccompat/v7/subjects/r/versions",
            "POST /apis/ccompat/v7/subjects/r/versions",
            "POST /apis/ccompat/v7/subjects/r",
            "POST /apis/ccompat/v7/subjects/r/versions"),
        requestLines(),
        "register, register (409), lookup (404: not there), register again (the registry's final 409)");
  }

  @Test
  void conflictFromALostFirstRegistrationRaceAnswersTheWinnersId() {
    // What Apicurio answers a client whose first registration of a subject raced another's.
    Schema schema = SensorReading.getClassSchema();
    int winner = server.registry().register("raced-value", schema);
    server.failNext(409);
    RestSchemaRegistry client = client();
    assertEquals(winner, client.register("raced-value", schema));
    assertEquals(winner, client.register("raced-value", schema), "cached after the race");
    assertEquals(
        List.of(
            "POST /apis/ccompat/v7/subjects/raced-value/versions",
            "POST /apis/ccompat/v7/subjects/raced-value"),
        requestLines());
  }

  @Test
  void serverErrorsOnEveryRetryOfARacedRegistrationAnswerTheWinnersId() {
    // Apicurio's other answer to the losers of a race: 500 (lock timeout, unique-key violation).
    Schema schema = SensorReading.getClassSchema();
    int winner = server.registry().register("raced-value", schema);
    server.failNext(500, 500, 500, 500);
    RestSchemaRegistry client = client();
    assertEquals(winner, client.register("raced-value", schema));
    assertEquals(
        5, client.requestCount(), "4 attempts at registering, then the lookup that finds it");
  }

  private List<String> requestLines() {
    return server.requests().stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Test
  void basicAuthFromUserInfo() {
    client(SerdeConfig.BASIC_AUTH_USER_INFO, "fred:s3cret")
        .register("s", SensorReading.getClassSchema());
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("fred:s3cret".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, server.requests().get(0).authorization());
  }

  @Test
  void basicAuthFromTheUrl() {
    String url = server.url().replace("http://", "http://ann:pa%3Ass@");
    new RestSchemaRegistry(
            new SerdeConfig(config(url, SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL")))
        .register("s", SensorReading.getClassSchema());
    String expected =
        "Basic " + Base64.getEncoder().encodeToString("ann:pa:ss".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, server.requests().get(0).authorization());
  }

  @Test
  void noCredentialsNoHeader() {
    client().register("s", SensorReading.getClassSchema());
    assertNull(server.requests().get(0).authorization());
  }

  @Test
  void failsOverToTheSecondUrlAndStaysThere() throws IOException {
    RestSchemaRegistry client =
        new RestSchemaRegistry(new SerdeConfig(config(deadUrl() + "," + server.url())));
    int id = client.register("s", SensorReading.getClassSchema());
    assertEquals(2, client.requestCount(), "the dead URL, then the live one");

    assertEquals(id, client.latest("s").id());
    assertEquals(3, client.requestCount(), "later requests go straight to the URL that answered");
    assertEquals(2, server.requests().size());
  }

  @Test
  void unreachableRegistryFailsSerialisationClearly() throws IOException {
    String dead = deadUrl();
    AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
    serializer.configure(config(dead, SerdeConfig.MAX_RETRIES, 1), false);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> serializer.serialize(TOPIC, TestRecords.sensorReading()));
    assertMessage(
        e, "topic 'sensors'", "subject 'sensors-value'", "unreachable", dead, "after 2 attempt(s)");
    assertInstanceOf(SchemaRegistryException.class, e.getCause());
  }

  @Test
  void unreachableRegistryFailsDeserialisationNamingTheId() throws IOException {
    AvroDeserializer<SensorReading> deserializer = new AvroDeserializer<>(SensorReading.class);
    deserializer.configure(config(deadUrl(), SerdeConfig.MAX_RETRIES, 0), false);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 5, 0}));
    assertMessage(
        e, "topic 'sensors'", "schema id 5", "cannot fetch the writer schema", "unreachable");
  }

  @Test
  void unansweredRequestTimesOutAndFailsOverToTheNextUrl() throws IOException {
    try (FakeRegistryServer second = new FakeRegistryServer("rest-registry-test-second")) {
      server.hangNext();
      RestSchemaRegistry client =
          new RestSchemaRegistry(
              new SerdeConfig(
                  config(
                      server.url() + "," + second.url(),
                      SerdeConfig.REQUEST_TIMEOUT_MS,
                      300,
                      SerdeConfig.MAX_RETRIES,
                      0)));
      assertEquals(1, client.register("s", SensorReading.getClassSchema()));
      assertEquals(1, second.requests().size());
    }
  }

  @Test
  void unansweredRequestWithoutAlternativeNamesTheTimeout() {
    server.hangNext();
    RestSchemaRegistry client =
        client(SerdeConfig.REQUEST_TIMEOUT_MS, 300, SerdeConfig.MAX_RETRIES, 0);
    SchemaRegistryException e =
        assertThrows(SchemaRegistryException.class, () -> client.getById(1));
    assertMessage(e, "GET /schemas/ids/1", "HttpTimeoutException");
  }

  @Test
  void unreadableTruststoreFailsNamingTheKey() {
    Map<String, Object> config =
        config(
            "https://127.0.0.1:1/apis/ccompat/v7",
            SerdeConfig.SSL_TRUSTSTORE_LOCATION,
            "/nonexistent/truststore.p12",
            SerdeConfig.SSL_TRUSTSTORE_PASSWORD,
            "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RestSchemaRegistry(new SerdeConfig(config)));
    assertMessage(e, SerdeConfig.SSL_TRUSTSTORE_LOCATION, "/nonexistent/truststore.p12");
  }

  @Test
  void subjectsAreUrlEncoded() {
    client().register("a topic/with-slash-value", SensorReading.getClassSchema());
    assertEquals(
        "/apis/ccompat/v7/subjects/a%20topic%2Fwith-slash-value/versions",
        server.requests().get(0).path());
  }

  @Test
  void emptyUrlIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaRegistries.fromConfig(Map.of()));
    assertMessage(e, SerdeConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void urlSchemePicksTheImplementation() {
    assertInstanceOf(
        InMemorySchemaRegistry.class,
        SchemaRegistries.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://pick")));
    assertInstanceOf(RestSchemaRegistry.class, SchemaRegistries.fromConfig(config(server.url())));
    InMemorySchemaRegistry.dropScope("pick");
  }
}
