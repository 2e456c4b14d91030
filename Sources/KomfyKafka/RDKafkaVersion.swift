import CRdKafka
public enum RDKafkaVersion { public static var current: String { String(cString: rd_kafka_version_str()) } }
