import CRdKafka

/// Facts about the linked librdkafka.
public enum RDKafkaLibrary {
    /// e.g. `2.8.0`. Komfy needs >= 2.8 (older versions cannot parse Tansu's ApiVersion answers).
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
