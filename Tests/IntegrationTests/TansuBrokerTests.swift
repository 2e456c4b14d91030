import Foundation
import KomfyRuntime
import KomfyTestSupport
import Testing

@Suite("The embedded broker")
struct TansuBrokerTests {
    @Test("starting on a port something already listens on fails and says what to do, instead of adopting it")
    func takenPort() async throws {
        let first = try await TansuBroker.start(logger: TestKafka.logger)
        defer { first.stop() }
        let port = try #require(Int(first.bootstrap.split(separator: ":").last ?? ""))
        await #expect {
            _ = try await TansuBroker.start(port: port, logger: TestKafka.logger)
        } throws: { error in
            "\(error)".contains("already in use") && "\(error)".contains("--bootstrap")
        }
    }
}
