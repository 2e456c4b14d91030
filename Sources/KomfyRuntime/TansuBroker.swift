import Foundation
import Logging

/// A local Tansu broker (Kafka-compatible, in-memory storage) for the embedded default, tests and
/// benchmarks. Memory storage loses everything when it stops.
public final class TansuBroker: Sendable {
    /// `127.0.0.1:PORT`: Tansu listens on IPv4 only.
    public let bootstrap: String
    private let child: ChildProcess

    private init(bootstrap: String, child: ChildProcess) {
        self.bootstrap = bootstrap
        self.child = child
    }

    /// Starts Tansu on `port` (a free one when nil) and returns once it accepts connections.
    public static func start(port: Int? = nil, paths: KomfyPaths = KomfyPaths(), logDirectory: URL? = nil,
                             logger: Logger = Logger(label: "komfy.broker")) async throws -> TansuBroker {
        let binary = try paths.require(paths.tansu, what: "The Tansu broker")
        if let port, FreePort.accepts(port: port) {
            // Otherwise the readiness check below would mistake the other process for our broker.
            throw KomfyRuntimeError(
                "Port \(port) is already in use (another broker or `komfy up`?). Stop it, or choose another port (--kafka-port), or use it with --bootstrap 127.0.0.1:\(port).")
        }
        let port = try port ?? FreePort.find()
        let url = "tcp://127.0.0.1:\(port)"
        let directory = logDirectory ?? FileManager.default.temporaryDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let child = try ChildProcess(
            name: "tansu", executable: binary,
            arguments: ["broker", "--storage-engine", "memory://tansu/", "--listener-url", url,
                        "--advertised-listener-url", url],
            logFile: directory.appendingPathComponent("tansu-\(port).log"),
            graceSeconds: 0)  // Tansu ignores SIGTERM; its memory storage has nothing to flush.
        let broker = TansuBroker(bootstrap: "127.0.0.1:\(port)", child: child)
        let deadline = ContinuousClock.now + .seconds(15)
        while !FreePort.accepts(port: port) {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.stop()
                throw KomfyRuntimeError("Tansu did not start on port \(port):\n\(child.logTail())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        logger.info("Tansu broker ready", metadata: ["kafka.bootstrap": .string(broker.bootstrap)])
        return broker
    }

    public func stop() {
        child.stop()
    }

    /// CPU time the broker has used so far (see `ChildProcess.cpuSeconds`).
    public var cpuSeconds: Double? { child.cpuSeconds }

    deinit {
        child.stop()
    }
}
