import Foundation
import KomfyRuntime

/// Runs librdkafka's own `rdkafka_performance` tool with Komfy's producer and consumer settings
/// and reads the throughput it reports; the CPU time is the tool process's own (user + system).
struct RdkafkaPerformance {
    var tool: URL
    var bootstrap: String
    /// Extra librdkafka properties, passed as `-X NAME=VALUE` to both modes.
    var properties: [String: String] = [:]

    /// Produces `count` messages of `size` bytes filled with `pattern`: idempotent, acks=all,
    /// zstd, linger 5 ms, the `komfy-type` header — `KafkaProducerConfiguration`'s defaults.
    ///
    /// Every message carries `key`, as every job event carries its job id, and the random
    /// partitioner spreads the messages over all partitions one by one, as keys of many jobs do.
    /// (Without a key, librdkafka's sticky partitioner would fill one partition's batch at a time:
    /// bigger batches and no key bytes, which is not the work KomfyKafka's producer is given.)
    func produce(topic: String, count: Int, size: Int, pattern: String, key: String) throws -> BenchMeasurement {
        let (output, usage) = try run([
            "-P", "-t", topic, "-b", bootstrap, "-s", String(size), "-c", String(count), "-m", pattern,
            "-k", key, "-X", "partitioner=random",
            "-a", "-1", "-z", "zstd", "-X", "enable.idempotence=true", "-X", "linger.ms=5",
            "-X", "batch.size=1048576", "-X", "queue.buffering.max.messages=100000",
            "-H", "komfy-type=JobExecuted", "-q",
        ])
        // "% 200000 messages produced (...), 200000 delivered (...) in 199ms: 1001978 msgs/s and ..."
        guard output.contains("\(count) delivered"), let rate = Self.rate(in: output, after: "produced") else {
            throw BenchError("rdkafka_performance produce failed:\n\(output)")
        }
        return BenchMeasurement(rate: rate, usage: usage, count: count)
    }

    /// Consumes `count` messages as a group member from the beginning (timed from the first message).
    /// The CPU time includes the group join and the process's start.
    func consume(topic: String, count: Int) throws -> BenchMeasurement {
        let (output, usage) = try run([
            "-C", "-G", "komfy-bench-\(UUID().uuidString.prefix(8))", "-t", topic, "-b", bootstrap,
            "-c", String(count), "-o", "beginning", "-q",
            "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=1000", "-X", "enable.auto.commit=false",
        ])
        // "% 200000 messages (204800000 bytes) consumed in 161ms: 1242128 msgs/s (1271.94 MB/s)"
        guard output.contains("\(count) messages"), let rate = Self.rate(in: output, after: "consumed") else {
            throw BenchError("rdkafka_performance consume failed:\n\(output)")
        }
        return BenchMeasurement(rate: rate, usage: usage, count: count)
    }

    private func run(_ arguments: [String]) throws -> (output: String, usage: BenchUsage) {
        let extra = properties.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        let before = BenchUsage.children
        let output = try CommandRunner.run(tool, arguments + extra).output
        return (output, BenchUsage.children - before)
    }

    /// The number before " msgs/s" on the line that mentions `keyword`.
    static func rate(in output: String, after keyword: String) -> Double? {
        for line in output.split(separator: "\n") where line.contains(keyword) && line.contains("msgs/s") {
            let words = line.split(separator: " ")
            if let index = words.firstIndex(of: "msgs/s"), index > 0 { return Double(words[index - 1]) }
        }
        return nil
    }
}
