import Prometheus
import Synchronization

/// The ingest instance's Prometheus metrics, served at `/metrics`. Labels are route templates and
/// status codes, never ids, so the series stay few.
///
/// Each series is looked up in the registry once and kept: the registry's lookup (label lists
/// hashed under its lock) cost more per request than counting.
final class IngestMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requestSeries = Mutex<[RequestSeries: RequestMetrics]>([:])
    private let submittedBySource = Mutex<[String: Counter]>([:])
    private let recordsReadCounter: Counter
    private let acknowledgement: DurationHistogram
    private let jobIDPartitionCount: Gauge

    private struct RequestSeries: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct RequestMetrics {
        var answered: Counter
        var duration: DurationHistogram
    }

    init() {
        recordsReadCounter = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "read_model", metricName: "records_read", unitName: "total",
                                             helpText: "Records of komfy.job-events the read model read (repeats included)."))
        acknowledgement = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "ingest", metricName: "submission_ack",
                                             unitName: "seconds",
                                             helpText: "Time from handing a JobSubmitted to the producer to the broker's acknowledgement."),
            buckets: Self.buckets)
        jobIDPartitionCount = registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "ingest", metricName: "job_id", unitName: "partitions",
                                             helpText: "Partitions of komfy.job-events new job ids take turns on (0: not known yet, or alignment off)."))
    }

    /// The job id minter now aligns new ids to `count` partitions.
    func jobIDPartitions(_ count: Int) {
        jobIDPartitionCount.set(Double(count))
    }

    /// The broker acknowledged a submission `duration` after it was handed to the producer: the part
    /// of a submission's answer time that is Kafka's.
    func submissionAcknowledged(after duration: Duration) {
        acknowledgement.record(duration)
    }

    func requestFinished(route: String, method: String, status: Int, duration: Duration) {
        let series = RequestSeries(route: route, method: method, status: status)
        let metrics = requestSeries.withLock { known in
            if let metrics = known[series] { return metrics }
            let metrics = RequestMetrics(
                answered: registry.makeCounter(
                    descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "http", metricName: "requests",
                                                     unitName: "total", helpText: "HTTP requests answered."),
                    labels: [("route", route), ("method", method), ("status", String(status))]),
                duration: registry.makeDurationHistogram(
                    descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "http", metricName: "request_duration",
                                                     unitName: "seconds", helpText: "Time to answer an HTTP request."),
                    labels: [("route", route), ("method", method)], buckets: Self.buckets))
            known[series] = metrics
            return metrics
        }
        metrics.answered.increment()
        metrics.duration.record(duration)
    }

    func jobsSubmitted(source: String) {
        let counter = submittedBySource.withLock { known in
            if let counter = known[source] { return counter }
            let counter = registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "komfy", subsystem: "ingest", metricName: "jobs_submitted",
                                                 unitName: "total", helpText: "Jobs appended to komfy.job-events."),
                labels: [("source", source)])
            known[source] = counter
            return counter
        }
        counter.increment()
    }

    func recordsRead(_ count: Int) {
        recordsReadCounter.increment(by: Int64(count))
    }

    func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    private static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]
}
