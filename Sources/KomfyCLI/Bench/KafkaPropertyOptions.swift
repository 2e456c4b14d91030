import ArgumentParser

/// `--kafka-property NAME=VALUE`, repeatable: librdkafka properties a benchmark gives its Kafka
/// clients, for trying settings without a rebuild.
struct KafkaPropertyOptions: ParsableArguments {
    @Option(name: .customLong("kafka-property"), help: ArgumentHelp(
        "A librdkafka property for the benchmark's Kafka clients, NAME=VALUE; repeatable.",
        discussion: "For trying settings, e.g. --kafka-property socket.nagle.disable=true."))
    var pairs: [String] = []

    /// The pairs as a dictionary.
    var properties: [String: String] {
        Dictionary(pairs.compactMap { pair in
            pair.firstIndex(of: "=").map { (String(pair[..<$0]), String(pair[pair.index(after: $0)...])) }
        }) { _, last in last }
    }

    func validate() throws {
        guard properties.count == pairs.count else {
            throw ValidationError("--kafka-property takes NAME=VALUE, once per name, e.g. socket.nagle.disable=true")
        }
    }
}
