import Dispatch
import Foundation

/// Waiting for the operator to stop a foreground command.
public enum TerminationSignal {
    /// Returns when the process receives SIGINT (Ctrl-C) or SIGTERM.
    public static func wait() async {
        let queue = DispatchQueue(label: "komfy.signals")
        var sources: [any DispatchSourceSignal] = []
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        for source in sources { source.cancel() }
    }
}
