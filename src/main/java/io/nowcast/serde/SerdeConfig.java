package io.nowcast.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/**
 * Every configuration key of the serde package, declared once with its type, default and doc.
 *
 * <p>The registry and serde keys carry Confluent's names so that a configuration written for
 * Confluent's {@code KafkaAvroSerializer} works unchanged; the {@code nowcast.input.*} keys
 * configure {@link RecordMapping} for topics that do not carry our own {@code SensorReading}.
 */
public final class SerdeConfig extends AbstractConfig {

  /** Comma-separated registry base URLs (failover in order), or {@code mock://scope}. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register the record's schema under its subject when serialising (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Serialise with the subject's latest registered schema id instead of registering. */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Subject name strategy for record keys. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /** Subject name strategy for record values. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Deserialise into generated classes rather than {@code GenericRecord}. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** Where basic-auth credentials come from: USER_INFO or URL. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} used when the credentials source is USER_INFO. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Truststore file used to verify the registry's TLS certificate. */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  /** Password of the truststore. */
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** Type of the truststore (PKCS12, JKS). */
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Keystore file holding the client certificate for mutual TLS. */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

  /** Password of the keystore. */
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";

  /** Type of the keystore (PKCS12, JKS). */
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";

  /** Password of the private key inside the keystore (defaults to the keystore password). */
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

  /** Timeout of one registry HTTP request, connection included. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /** Retries after a connection error or a 5xx answer; 4xx answers are never retried. */
  public static final String MAX_RETRIES = "schema.registry.max.retries";

  /** Backoff before the first retry; doubles on every further retry. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  /** Format of the forecaster's input topics: sensor-reading, avro or json. */
  public static final String INPUT_FORMAT = "nowcast.input.format";

  /** Dot-separated path of the sensor id inside a foreign record. */
  public static final String INPUT_KEY_FIELD = "nowcast.input.key.field";

  /** Dot-separated path of the event timestamp inside a foreign record. */
  public static final String INPUT_TIMESTAMP_FIELD = "nowcast.input.timestamp.field";

  /** Unit of the timestamp field: ms, s or iso. */
  public static final String INPUT_TIMESTAMP_UNIT = "nowcast.input.timestamp.unit";

  /** Dot-separated path of the observed value inside a foreign record. */
  public static final String INPUT_VALUE_FIELD = "nowcast.input.value.field";

  /** Paths of numeric covariates, or of one map field whose entries are the covariates. */
  public static final String INPUT_COVARIATE_FIELDS = "nowcast.input.covariate.fields";

  /** The declarations; the forecaster's own config merges them into its definition. */
  public static final ConfigDef CONFIG_DEF = define();

  /** Parses and validates {@code props}; unknown keys are ignored (they belong to others). */
  public SerdeConfig(Map<String, ?> props) {
    super(CONFIG_DEF, props, false);
  }

  /** The trimmed, non-empty registry URLs. */
  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A password value as a plain string, or null when unset. */
  public String passwordOrNull(String key) {
    Password password = getPassword(key);
    return password == null ? null : password.value();
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    defineSerde(def);
    defineRegistryClient(def);
    defineTls(def);
    defineInputMapping(def);
    return def;
  }

  private static void defineSerde(ConfigDef def) {
    def.define(
            SCHEMA_REGISTRY_URL,
            Type.LIST,
            "",
            Importance.HIGH,
            "Comma-separated schema-registry base URLs, tried in order on connection errors and 5xx "
                + "answers; a base may carry a path (e.g. http://host:8080/apis/ccompat/v7). "
                + "mock://SCOPE selects the in-memory registry shared by every client of SCOPE in the JVM.")
        .define(
            AUTO_REGISTER_SCHEMAS,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Register the record's schema under its subject when serialising. When false, the "
                + "schema must already be registered (it is looked up) unless use.latest.version is set.")
        .define(
            USE_LATEST_VERSION,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            "Serialise with the id of the subject's latest schema. The record's schema must encode "
                + "identically (same parsing canonical form); otherwise serialisation fails.")
        .define(
            KEY_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            "TopicNameStrategy",
            Importance.MEDIUM,
            "Subject of record keys: TopicNameStrategy (<topic>-key), RecordNameStrategy "
                + "(<record full name>) or TopicRecordNameStrategy (<topic>-<record full name>); "
                + "Confluent's class names io.confluent.kafka.serializers.subject.* are accepted.")
        .define(
            VALUE_SUBJECT_NAME_STRATEGY,
            Type.STRING,
            "TopicNameStrategy",
            Importance.MEDIUM,
            "Subject of record values; same choices as key.subject.name.strategy (<topic>-value by default).")
        .define(
            SPECIFIC_AVRO_READER,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            "Deserialise into the generated class named by the writer schema instead of GenericRecord. "
                + "A deserializer built for a given class always reads that class.");
  }

  private static void defineRegistryClient(ConfigDef def) {
    def.define(
            BASIC_AUTH_CREDENTIALS_SOURCE,
            Type.STRING,
            "USER_INFO",
            ValidString.in("USER_INFO", "URL"),
            Importance.MEDIUM,
            "Source of HTTP basic-auth credentials: USER_INFO (basic.auth.user.info) or URL "
                + "(the user:password@ part of the registry URL). No header is sent without credentials.")
        .define(
            BASIC_AUTH_USER_INFO,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Basic-auth credentials as user:password, used when the source is USER_INFO.")
        .define(
            REQUEST_TIMEOUT_MS,
            Type.INT,
            10_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Timeout of one registry HTTP request (connect and answer), in milliseconds.")
        .define(
            MAX_RETRIES,
            Type.INT,
            3,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Retries of a registry request after a connection error or a 5xx answer on every URL; "
                + "4xx answers fail at once.")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            100L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Wait before the first retry in milliseconds; doubled before every further retry.");
  }

  private static void defineTls(ConfigDef def) {
    def.define(
            SSL_TRUSTSTORE_LOCATION,
            Type.STRING,
            null,
            Importance.LOW,
            "Truststore verifying the registry's certificate; the JVM's default trust when unset.")
        .define(
            SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Truststore password.")
        .define(
            SSL_TRUSTSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            Importance.LOW,
            "Truststore type (PKCS12 or JKS).")
        .define(
            SSL_KEYSTORE_LOCATION,
            Type.STRING,
            null,
            Importance.LOW,
            "Keystore with the client certificate for mutual TLS; none when unset.")
        .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Keystore password.")
        .define(
            SSL_KEYSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            Importance.LOW,
            "Keystore type (PKCS12 or JKS).")
        .define(
            SSL_KEY_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the private key in the keystore; the keystore password when unset.");
  }

  private static void defineInputMapping(ConfigDef def) {
    def.define(
            INPUT_FORMAT,
            Type.STRING,
            "sensor-reading",
            ValidString.in("sensor-reading", "avro", "json"),
            Importance.HIGH,
            "Format of input records: sensor-reading (our SensorReading schema, Confluent wire format), "
                + "avro (any Avro record, Confluent wire format, mapped by the nowcast.input.*.field paths) "
                + "or json (a UTF-8 JSON object, mapped likewise).")
        .define(
            INPUT_KEY_FIELD,
            Type.STRING,
            "sensor_id",
            Importance.MEDIUM,
            "Dot-separated path of the sensor id (string or number), e.g. payload.device.id.")
        .define(
            INPUT_TIMESTAMP_FIELD,
            Type.STRING,
            "timestamp",
            Importance.MEDIUM,
            "Dot-separated path of the event time.")
        .define(
            INPUT_TIMESTAMP_UNIT,
            Type.STRING,
            "ms",
            ValidString.in("ms", "s", "iso"),
            Importance.MEDIUM,
            "Unit of the timestamp field: ms (number of epoch milliseconds), s (number of epoch "
                + "seconds, fractions kept to the millisecond) or iso (ISO-8601 string with offset, "
                + "e.g. 2024-03-01T12:00:00Z).")
        .define(
            INPUT_VALUE_FIELD,
            Type.STRING,
            "value",
            Importance.MEDIUM,
            "Dot-separated path of the observed numeric value.")
        .define(
            INPUT_COVARIATE_FIELDS,
            Type.LIST,
            "",
            Importance.LOW,
            "Comma-separated paths of numeric covariates, each named by its last path segment; a path "
                + "that leads to a map or object contributes every entry under its own name.");
  }
}
