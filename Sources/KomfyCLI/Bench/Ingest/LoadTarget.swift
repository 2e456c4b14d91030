import Foundation

/// One route under load: what every request of a run sends.
struct LoadTarget: Sendable {
    var name: String
    var port: Int
    var method: String
    var path: String
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    var url: String { "http://127.0.0.1:\(port)\(path)" }

    /// The request on the wire, for `LoopbackHTTPConnection`.
    var wireRequest: [UInt8] {
        LoopbackHTTPConnection.request(method, path, port: port, headers: headers, body: body)
    }
}

/// What one load run measured. Latencies in milliseconds.
struct LoadResult: Sendable, Codable {
    /// Requests answered in the measured window (any status).
    var requests: Int
    var seconds: Double
    var p50: Double
    var p99: Double
    /// Answers that count as accepted (202 for Komfy's submit, 200 for the others).
    var accepted: Int
    /// Other answers, connection errors and timeouts.
    var errors: Int
    /// CPU time the in-process Komfy spent per answered request (nil where it was not measured).
    var cpuMicrosecondsPerRequest: Double?
    /// CPU time the embedded broker spent per answered request (nil where it was not measured).
    var brokerCPUMicrosecondsPerRequest: Double?
    /// Concurrent connections of the closed-loop run that gave this result.
    var connections: Int?

    /// A run without answers has no percentiles (NaN), which JSON cannot hold as a number.
    static let nonConformingFloats = (
        encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
        decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"))

    var acceptedPerSecond: Double { Double(accepted) / seconds }
    var requestsPerSecond: Double { Double(requests) / seconds }
}

/// Percentiles of a set of latencies, nearest-rank.
enum Percentile {
    static func of(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The middle value (the mean of the two middle ones for an even count); nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
