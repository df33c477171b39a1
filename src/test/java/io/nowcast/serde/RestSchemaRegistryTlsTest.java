package io.nowcast.serde;

import static io.nowcast.serde.AvroSerdeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.avro.SensorReading;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over HTTPS, trusting a self-signed loopback certificate through the ssl keys.
 */
class RestSchemaRegistryTlsTest {

  private static final String PASSWORD = "changeit";

  @TempDir Path dir;

  @Test
  void trustsTheConfiguredTruststoreAndOnlyThat() throws Exception {
    Path store = selfSignedStore(dir.resolve("registry.p12"));
    try (FakeRegistryServer server = new FakeRegistryServer("tls-test", serverContext(store))) {
      RestSchemaRegistry trusting =
          new RestSchemaRegistry(
              new SerdeConfig(
                  Map.of(
                      SerdeConfig.SCHEMA_REGISTRY_URL,
                      server.url(),
                      SerdeConfig.SSL_TRUSTSTORE_LOCATION,
                      store.toString(),
                      SerdeConfig.SSL_TRUSTSTORE_PASSWORD,
                      PASSWORD,
                      SerdeConfig.SSL_TRUSTSTORE_TYPE,
                      "PKCS12")));
      assertEquals(1, trusting.register("s", SensorReading.getClassSchema()));

      RestSchemaRegistry defaultTrust =
          new RestSchemaRegistry(
              new SerdeConfig(
                  Map.of(
                      SerdeConfig.SCHEMA_REGISTRY_URL, server.url(), SerdeConfig.MAX_RETRIES, 0)));
      SchemaRegistryException e =
          assertThrows(SchemaRegistryException.class, () -> defaultTrust.getById(1));
      assertMessage(e, "unreachable", "SSLHandshakeException");
    }
  }

  /** A PKCS12 store with a self-signed key pair for 127.0.0.1, made by the JDK's keytool. */
  private static Path selfSignedStore(Path file) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "registry",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "san=ip:127.0.0.1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(file)) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return file;
  }

  private static SSLContext serverContext(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }
}
