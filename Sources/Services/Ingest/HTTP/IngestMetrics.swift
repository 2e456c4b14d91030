import Prometheus

/// The ingest instance's Prometheus metrics, served at `/metrics`. Labels are route templates and
/// status codes, never ids, so the series stay few.
final class IngestMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    func requestFinished(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "http", metricName: "requests",
                                                              unitName: "total", helpText: "HTTP requests answered."),
                             labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "http", metricName: "request_duration",
                                             unitName: "seconds", helpText: "Time to answer an HTTP request."),
            labels: [("route", route), ("method", method)], buckets: Self.buckets).record(duration)
    }

    func jobsSubmitted(source: String) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "ingest", metricName: "jobs_submitted",
                                                              unitName: "total", helpText: "Jobs appended to komfy.job-events."),
                             labels: [("source", source)]).increment()
    }

    func recordsRead(_ count: Int) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "read_model", metricName: "records_read",
                                                              unitName: "total", helpText: "Records of komfy.job-events the read model read (repeats included)."))
            .increment(by: Int64(count))
    }

    func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    private static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
}
