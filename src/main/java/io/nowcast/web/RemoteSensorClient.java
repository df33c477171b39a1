package io.nowcast.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another forecaster instance's HTTP API for sensors it owns. Every request carries {@link
 * SensorApi#FORWARDED_HEADER}, so the other instance answers from its local store only.
 */
public final class RemoteSensorClient {

  private static final TypeReference<List<String>> ID_LIST = new TypeReference<>() {};

  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration timeout;

  /**
   * @param timeout how long one forwarded request may take before the lookup is reported as
   *     unavailable (503) instead of keeping the caller's request hanging
   */
  public RemoteSensorClient(Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    // A newer instance may add fields during a rolling upgrade; they must not break lookups.
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.timeout = timeout;
  }

  /**
   * The sensor as {@code owner} sees it locally; empty when {@code owner} does not know it (404).
   */
  public Optional<SensorView> sensor(HostInfo owner, String sensorId) {
    String path =
        SensorApi.SENSORS_PATH
            + "/"
            + URLEncoder.encode(sensorId, StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> response = get(owner, path, "sensor " + sensorId);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    requireOk(response, owner, "sensor " + sensorId);
    return Optional.of(parse(response, SensorView.class, owner, "sensor " + sensorId));
  }

  /** The ids of the sensors in {@code instance}'s local store. */
  public List<String> sensorIds(HostInfo instance) {
    HttpResponse<String> response = get(instance, SensorApi.SENSORS_PATH, "sensor ids");
    requireOk(response, instance, "sensor ids");
    try {
      return json.readValue(response.body(), ID_LIST);
    } catch (IOException e) {
      throw unreadable(instance, "sensor ids", e);
    }
  }

  private HttpResponse<String> get(HostInfo instance, String path, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(instance, path))
            .timeout(timeout)
            .header(SensorApi.FORWARDED_HEADER, "1")
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SensorLookupUnavailableException(
          "instance " + describe(instance) + " did not answer for " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SensorLookupUnavailableException(
          "interrupted while asking " + describe(instance) + " for " + what, e);
    }
  }

  private static URI uri(HostInfo instance, String path) {
    return URI.create("http://" + describe(instance) + path);
  }

  private static void requireOk(HttpResponse<String> response, HostInfo instance, String what) {
    if (response.statusCode() != 200) {
      throw new SensorLookupUnavailableException(
          "instance "
              + describe(instance)
              + " answered HTTP "
              + response.statusCode()
              + " for "
              + what
              + ", expected 200");
    }
  }

  private <T> T parse(
      HttpResponse<String> response, Class<T> type, HostInfo instance, String what) {
    try {
      return json.readValue(response.body(), type);
    } catch (IOException e) {
      throw unreadable(instance, what, e);
    }
  }

  private static SensorLookupUnavailableException unreadable(
      HostInfo instance, String what, IOException e) {
    return new SensorLookupUnavailableException(
        "instance "
            + describe(instance)
            + " sent unreadable JSON for "
            + what
            + ": "
            + e.getMessage(),
        e);
  }

  private static String describe(HostInfo instance) {
    return instance.host() + ":" + instance.port();
  }
}
