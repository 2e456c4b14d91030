import ArgumentParser
import KomfyRuntime

/// The `komfy` executable: every service, the embedded default, operations and benchmarks.
@main
struct Komfy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "komfy",
        abstract: "A self-hosted, event-sourced job API for ComfyUI workflows.",
        subcommands: [UpCommand.self, ServeCommand.self, CatalogCommand.self, KeysCommand.self, ReplayCommand.self, TopicsCommand.self, BenchCommand.self, VersionCommand.self]
    )

    static func main() async {
        // Before any thread of librdkafka, NIO or the cooperative pool takes an arena of its own.
        MallocArenas.limit()
        await main(nil)
    }
}
