import ArgumentParser
import KomfyKafka

/// `--bootstrap`: which Kafka cluster to talk to.
struct BrokerOptions: ParsableArguments {
    @Option(name: .long, help: "Kafka bootstrap servers, host:port[,host:port...].")
    var bootstrap: String = "127.0.0.1:9092"

    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: bootstrap.split(separator: ",").map(String.init), clientID: "komfy-cli")
    }
}
