import ArgumentParser
import Foundation

/// The open-loop load generator of `komfy bench ingest`, run as a child process of it (as wrk is):
/// reads the raw HTTP request from standard input, sends it at `--rate` over `--connections`
/// keep-alive connections for `--seconds`, and prints the result as one JSON line.
struct RateLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate-load",
        abstract: "Open-loop HTTP load at a fixed rate (the generator komfy bench ingest runs).",
        shouldDisplay: false)

    @Option(name: .long, help: "Port on 127.0.0.1.")
    var port: Int

    @Option(name: .long, help: "Requests per second over all connections.")
    var rate: Double

    @Option(name: .long, help: "Keep-alive connections, one thread each.")
    var connections: Int

    @Option(name: .long, help: "Length of the run.")
    var seconds: Double

    @Option(name: .long, help: "The status that counts as accepted.")
    var acceptedStatus: Int

    func validate() throws {
        guard port > 0, rate > 0, connections > 0, seconds > 0 else {
            throw ValidationError("--port, --rate, --connections and --seconds must be positive")
        }
    }

    func run() async throws {
        let request = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        guard !request.isEmpty else { throw ValidationError("give the raw HTTP request on standard input") }
        let load = ConstantRateLoad(connections: connections, rate: rate, acceptedStatus: acceptedStatus)
        let result = load.measure(request: request, port: port, seconds: seconds)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = LoadResult.nonConformingFloats.encoding
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
