import ArgumentParser
import KomfyKafka

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Komfy's and its libraries' versions.")

    func run() {
        print("komfy \(KomfyVersion.current)")
        print("librdkafka \(RDKafkaLibrary.version)")
    }
}

enum KomfyVersion {
    static let current = "0.1.0-dev"
}
