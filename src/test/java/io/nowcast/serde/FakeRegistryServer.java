package io.nowcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A loopback HTTP server playing the Confluent-compatible API under {@code /apis/ccompat/v7} (as
 * Apicurio serves it), backed by an {@link InMemorySchemaRegistry}. Scripted statuses can be queued
 * to answer the next requests before the real handling resumes.
 */
final class FakeRegistryServer implements AutoCloseable {

  static final String BASE_PATH = "/apis/ccompat/v7";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server saw it. */
  record Seen(String method, String path, String authorization) {}

  private final HttpServer server;
  private final InMemorySchemaRegistry registry;
  private final String scope;
  private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
  private final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hangNext;

  FakeRegistryServer(String scope) throws IOException {
    this(scope, null);
  }

  /** A server speaking HTTPS with {@code tls} (plain HTTP when null). */
  FakeRegistryServer(String scope, SSLContext tls) throws IOException {
    this.scope = scope;
    this.registry = InMemorySchemaRegistry.forScope(scope);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      this.server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.server = https;
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
  }

  InMemorySchemaRegistry registry() {
    return registry;
  }

  List<Seen> requests() {
    return requests;
  }

  /**
   * The next requests are answered with these statuses, in order, before normal service resumes.
   */
  void failNext(Integer... statuses) {
    scriptedStatuses.addAll(List.of(statuses));
  }

  /** The next request gets no answer until the server closes: the client's timeout must fire. */
  void hangNext() {
    hangNext = true;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    InMemorySchemaRegistry.dropScope(scope);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(
        new Seen(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestHeaders().getFirst("Authorization")));
    if (hangNext) {
      hangNext = false;
      awaitRelease();
      return;
    }
    Integer scripted = scriptedStatuses.poll();
    if (scripted != null) {
      respond(exchange, scripted, error(scripted * 100 + 1, "scripted failure"));
      return;
    }
    try {
      JsonNode body = readBody(exchange);
      respond(
          exchange,
          200,
          route(exchange.getRequestMethod(), path.substring(BASE_PATH.length()), body));
    } catch (SchemaRegistryException e) {
      respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
    } catch (RuntimeException e) {
      respond(exchange, 500, error(50001, e.toString()));
    }
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ObjectNode route(String method, String path, JsonNode body) {
    String[] parts = path.substring(1).split("/");
    ObjectNode answer = JSON.createObjectNode();
    if (method.equals("POST") && parts[0].equals("subjects") && parts.length == 3) {
      return answer.put("id", registry.register(decode(parts[1]), schema(body)));
    }
    if (method.equals("POST") && parts[0].equals("subjects") && parts.length == 2) {
      String subject = decode(parts[1]);
      return answer
          .put("subject", subject)
          .put("id", registry.lookup(subject, schema(body)))
          .put("version", 1)
          .put("schema", body.get("schema").asText());
    }
    if (method.equals("GET") && parts[0].equals("schemas")) {
      return answer.put("schema", registry.getById(Integer.parseInt(parts[2])).toString());
    }
    if (method.equals("GET") && parts[0].equals("subjects")) {
      RegisteredSchema latest = registry.latest(decode(parts[1]));
      return answer
          .put("subject", decode(parts[1]))
          .put("id", latest.id())
          .put("version", latest.version())
          .put("schema", latest.schema().toString());
    }
    if (method.equals("POST") && parts[0].equals("compatibility")) {
      String subject = decode(parts[2]);
      registry.latest(subject); // 404 for an unknown subject, as the real servers answer
      return answer.put("is_compatible", registry.testCompatibility(subject, schema(body)));
    }
    if (method.equals("PUT") && parts[0].equals("config")) {
      CompatibilityLevel level = CompatibilityLevel.parse(body.get("compatibility").asText());
      registry.setCompatibility(parts.length > 1 ? decode(parts[1]) : null, level);
      return answer.put("compatibility", level.name());
    }
    throw new SchemaRegistryException("no route " + method + " " + path, 404, 404);
  }

  private static Schema schema(JsonNode body) {
    return new Schema.Parser().parse(body.get("schema").asText());
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    return bytes.length == 0 ? null : JSON.readTree(bytes);
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
