package io.nowcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * Client of a Confluent-compatible registry's REST API (Confluent's server, Apicurio's {@code
 * /apis/ccompat/v7}). Ids and registrations are cached for the life of the client, since an id
 * never changes its schema: after warm-up the serdes' hot path makes no HTTP call, which {@link
 * #requestCount()} lets tests observe.
 *
 * <p>Each request tries the URLs in order, starting with the last one that answered; a connection
 * error, a timeout or a 5xx answer moves on to the next URL, and when all failed the round is
 * retried after an exponential backoff, up to {@code schema.registry.max.retries} times. A 4xx
 * answer is final: it is the registry's considered reply, with one exception: a registration that
 * ends in a 409 or in 5xx answers is checked against the subject first, since concurrent first
 * registrations of a subject get those from Apicurio although the schema is fine. Backoffs are
 * jittered so that clients failing together do not retry together.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Endpoint> endpoints;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final long retryBackoffMs;
  private final AtomicLong requests = new AtomicLong();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private volatile int preferredEndpoint;

  /** One base URL and the Authorization header sent to it (null for none). */
  private record Endpoint(String base, String authorization) {}

  /**
   * Builds a client from {@code schema.registry.url} and the client keys of {@link SerdeConfig}.
   */
  public RestSchemaRegistry(SerdeConfig config) {
    List<String> urls = config.registryUrls();
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          SerdeConfig.SCHEMA_REGISTRY_URL + " is empty: expected at least one http(s) URL");
    }
    this.endpoints = endpoints(urls, config);
    this.requestTimeout = Duration.ofMillis(config.getInt(SerdeConfig.REQUEST_TIMEOUT_MS));
    this.maxRetries = config.getInt(SerdeConfig.MAX_RETRIES);
    this.retryBackoffMs = config.getLong(SerdeConfig.RETRY_BACKOFF_MS);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(requestTimeout);
    if (urls.stream().anyMatch(u -> u.startsWith("https:"))) {
      builder.sslContext(RegistryTls.sslContext(config));
    }
    this.http = builder.build();
  }

  /** HTTP requests sent so far, retries and failovers included. */
  public long requestCount() {
    return requests.get();
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> known =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = known.get(schema);
    if (cached != null) {
      return cached;
    }
    int id = registerRacing(subject, schema);
    known.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /**
   * Registers through the API, treating a failure that may be a lost race as a question rather than
   * an answer. When several clients register a subject's first schema at once (two stream threads,
   * two instances), Apicurio answers the losers 409 "artifact already exists", or 500 (a database
   * lock timeout or unique-key violation) even after the retries. If the schema is then found under
   * the subject, its id is the answer; if not, one more registration gets the registry's considered
   * reply (an id, or the 409 of a really incompatible schema).
   */
  private int registerRacing(String subject, Schema schema) {
    try {
      return registerOnce(subject, schema);
    } catch (SchemaRegistryException e) {
      if (!mayBeLostRace(e)) {
        throw e;
      }
      Integer raced = idIfRegistered(subject, schema);
      return raced != null ? raced : registerOnce(subject, schema);
    }
  }

  private int registerOnce(String subject, Schema schema) {
    return requiredInt(
        call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)), "id");
  }

  /**
   * A conflict, or server errors on every retry; not an unreachable registry (nothing to ask then).
   */
  private static boolean mayBeLostRace(SchemaRegistryException e) {
    return e.httpStatus() == 409
        || e.getCause() instanceof SchemaRegistryException last && last.httpStatus() >= 500;
  }

  /**
   * The id of {@code schema} under {@code subject}, or null when the registry does not hold it
   * there.
   */
  private Integer idIfRegistered(String subject, Schema schema) {
    try {
      return requiredInt(call("POST", "/subjects/" + encode(subject), schemaBody(schema)), "id");
    } catch (SchemaRegistryException e) {
      if (e.notFound()) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = parse(call("GET", "/schemas/ids/" + id, null), "schema id " + id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public int lookup(String subject, Schema schema) {
    Map<Schema, Integer> known =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = known.get(schema);
    if (cached != null) {
      return cached;
    }
    int id = requiredInt(call("POST", "/subjects/" + encode(subject), schemaBody(schema)), "id");
    known.put(schema, id);
    return id;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    Schema schema = parse(answer, "latest version of subject '" + subject + "'");
    int id = requiredInt(answer, "id");
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(id, requiredInt(answer, "version"), schema);
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    try {
      JsonNode answer =
          call(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema));
      return answer.path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException e) {
      if (e.notFound()) {
        return true; // nothing registered yet: any schema is compatible with no history
      }
      throw e;
    }
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    call("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
  }

  private JsonNode call(String method, String path, JsonNode body) {
    SchemaRegistryException lastFailure = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        backoff(attempt, method, path);
      }
      int first = preferredEndpoint;
      for (int i = 0; i < endpoints.size(); i++) {
        int index = (first + i) % endpoints.size();
        try {
          JsonNode answer = send(endpoints.get(index), method, path, body);
          preferredEndpoint = index;
          return answer;
        } catch (RetriableFailure e) {
          lastFailure = e.failure;
        }
      }
    }
    throw new SchemaRegistryException(
        "Schema registry request "
            + method
            + " "
            + path
            + " failed on "
            + baseUrls()
            + " after "
            + (maxRetries + 1)
            + " attempt(s): "
            + lastFailure.getMessage(),
        lastFailure);
  }

  /** Signals a failure worth trying elsewhere or later; never leaves this class. */
  private static final class RetriableFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SchemaRegistryException failure;

    RetriableFailure(SchemaRegistryException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  private JsonNode send(Endpoint endpoint, String method, String path, JsonNode body)
      throws RetriableFailure {
    HttpRequest request = request(endpoint, method, path, body);
    requests.incrementAndGet();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RetriableFailure(
          new SchemaRegistryException(
              "registry " + endpoint.base() + " unreachable: " + describe(e), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "Interrupted during " + method + " " + endpoint.base() + path, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return readJson(response.body(), endpoint.base() + path);
    }
    SchemaRegistryException error = errorOf(response, endpoint.base() + path);
    if (status >= 500) {
      throw new RetriableFailure(error);
    }
    throw error;
  }

  private HttpRequest request(Endpoint endpoint, String method, String path, JsonNode body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(endpoint.base() + path))
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(method, publisher);
    if (body != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    if (endpoint.authorization() != null) {
      builder.header("Authorization", endpoint.authorization());
    }
    return builder.build();
  }

  private static SchemaRegistryException errorOf(HttpResponse<String> response, String url) {
    JsonNode error = tryReadJson(response.body());
    int code = error == null ? 0 : error.path("error_code").asInt(0);
    String message =
        error == null ? response.body() : error.path("message").asText(response.body());
    return new SchemaRegistryException(
        "registry answered HTTP "
            + response.statusCode()
            + (code != 0 ? " (error code " + code + ")" : "")
            + " to "
            + url
            + ": "
            + message,
        response.statusCode(),
        code);
  }

  private void backoff(int attempt, String method, String path) {
    long exponential = retryBackoffMs << Math.min(attempt - 1, 20);
    // Half to one and a half times the exponential wait: clients that collided (racing
    // registrations) spread out instead of colliding again on every retry.
    long wait = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential + 1);
    try {
      Thread.sleep(wait); // production backoff between retry rounds, not a test wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while retrying " + method + " " + path, e);
    }
  }

  private static Schema parse(JsonNode answer, String what) {
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          "Registry answer for " + what + " has no 'schema' text: " + answer, 0, 0);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          "Registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "Registry answer lacks integer '" + field + "': " + answer, 0, 0);
    }
    return value.asInt();
  }

  private static JsonNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static JsonNode readJson(String body, String url) {
    JsonNode node = tryReadJson(body);
    if (node == null) {
      throw new SchemaRegistryException(
          "Registry answer from " + url + " is not JSON: " + body, 0, 0);
    }
    return node;
  }

  private static JsonNode tryReadJson(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private List<String> baseUrls() {
    return endpoints.stream().map(Endpoint::base).toList();
  }

  private static List<Endpoint> endpoints(List<String> urls, SerdeConfig config) {
    boolean fromUrl = "URL".equals(config.getString(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE));
    String userInfo = config.passwordOrNull(SerdeConfig.BASIC_AUTH_USER_INFO);
    List<Endpoint> result = new ArrayList<>();
    for (String url : urls) {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      String credentials = fromUrl ? decodedUserInfo(uri) : userInfo;
      result.add(new Endpoint(withoutUserInfo(uri), basicAuth(credentials)));
    }
    return List.copyOf(result);
  }

  private static String decodedUserInfo(URI uri) {
    String raw = uri.getRawUserInfo();
    return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  private static String withoutUserInfo(URI uri) {
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  private static String basicAuth(String credentials) {
    if (credentials == null || credentials.isEmpty()) {
      return null;
    }
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
