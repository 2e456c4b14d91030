import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that measure Komfy against a baseline in the same run and print the ratio.",
        subcommands: [KafkaBenchCommand.self, IngestBenchCommand.self, ValidateBenchCommand.self, CodecBenchCommand.self, ReadModelBenchCommand.self,
                      RateLoadCommand.self]
    )
}
