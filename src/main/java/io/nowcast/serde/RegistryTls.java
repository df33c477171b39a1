package io.nowcast.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the registry client's {@link SSLContext} from the {@code schema.registry.ssl.*} keys. */
final class RegistryTls {

  private RegistryTls() {}

  /** The configured context, or the JVM default when neither a truststore nor a keystore is set. */
  static SSLContext sslContext(SerdeConfig config) {
    String trustLocation = config.getString(SerdeConfig.SSL_TRUSTSTORE_LOCATION);
    String keyLocation = config.getString(SerdeConfig.SSL_KEYSTORE_LOCATION);
    try {
      if (trustLocation == null && keyLocation == null) {
        return SSLContext.getDefault();
      }
      TrustManager[] trust = trustLocation == null ? null : trustManagers(config, trustLocation);
      KeyManager[] keys = keyLocation == null ? null : keyManagers(config, keyLocation);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot build the schema-registry TLS context: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(SerdeConfig config, String location)
      throws GeneralSecurityException {
    KeyStore store =
        load(
            location,
            config.getString(SerdeConfig.SSL_TRUSTSTORE_TYPE),
            config.passwordOrNull(SerdeConfig.SSL_TRUSTSTORE_PASSWORD),
            SerdeConfig.SSL_TRUSTSTORE_LOCATION);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static KeyManager[] keyManagers(SerdeConfig config, String location)
      throws GeneralSecurityException {
    String storePassword = config.passwordOrNull(SerdeConfig.SSL_KEYSTORE_PASSWORD);
    KeyStore store =
        load(
            location,
            config.getString(SerdeConfig.SSL_KEYSTORE_TYPE),
            storePassword,
            SerdeConfig.SSL_KEYSTORE_LOCATION);
    String keyPassword = config.passwordOrNull(SerdeConfig.SSL_KEY_PASSWORD);
    String effective = keyPassword != null ? keyPassword : storePassword;
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, effective == null ? null : effective.toCharArray());
    return factory.getKeyManagers();
  }

  private static KeyStore load(String location, String type, String password, String key)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + "=" + location + ": cannot read " + type + " store: " + e.getMessage(), e);
    }
  }
}
