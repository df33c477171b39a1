package io.nowcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The harness really speaks Confluent's registry API: checked with plain HTTP, no client code. */
class RealSchemaRegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"it\","
          + "\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

  /** A new field without a default: old data cannot be read, so BACKWARD refuses it. */
  private static final String INCOMPATIBLE =
      "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"it\","
          + "\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base = RealSchemaRegistry.shared().url();

  @Test
  void reRegisteringGivesTheSameIdAndTheSchemaIsFetchedById() throws Exception {
    String subject = "registry-it-same-id-value";
    HttpResponse<String> first = register(subject, V1);
    HttpResponse<String> second = register(subject, V1);

    assertEquals(200, first.statusCode(), first.body());
    int id = JSON.readTree(first.body()).get("id").asInt();
    assertEquals(id, JSON.readTree(second.body()).get("id").asInt());

    HttpResponse<String> fetched = get("/schemas/ids/" + id);
    assertEquals(200, fetched.statusCode(), fetched.body());
    JsonNode schema = JSON.readTree(JSON.readTree(fetched.body()).get("schema").asText());
    assertEquals(JSON.readTree(V1), schema);
  }

  @Test
  void globalCompatibilityIsBackward() throws Exception {
    HttpResponse<String> config = get("/config");
    assertEquals("BACKWARD", JSON.readTree(config.body()).get("compatibilityLevel").asText());
  }

  @Test
  void incompatibleSchemaIsRejectedWith409() throws Exception {
    String subject = "registry-it-incompatible-value";
    assertEquals(200, register(subject, V1).statusCode());

    HttpResponse<String> refused = register(subject, INCOMPATIBLE);
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(get("/schemas/ids/999999").statusCode() == 404, "unknown ids answer 404");
  }

  private HttpResponse<String> register(String subject, String schema) throws Exception {
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
