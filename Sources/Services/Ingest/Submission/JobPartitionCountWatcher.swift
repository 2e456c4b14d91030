import KomfyKafka
import Logging
import ServiceLifecycle

/// Tells the job id minter how many partitions `komfy.job-events` has: at start (retrying until
/// the broker answers), then every `refreshInterval`, so added partitions are used too. Until it
/// knows, new jobs get ids that are not aligned, which is correct, only batched less well.
struct JobPartitionCountWatcher: Service {
    let kafka: KafkaClientConfiguration
    let topic: String
    let minter: JobIDMinter
    let metrics: IngestMetrics
    let logger: Logger
    var refreshInterval: Duration = .seconds(60)
    var retryInterval: Duration = .seconds(1)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            var admin: KafkaAdmin?
            var known: Int?
            while !Task.isCancelled {
                do {
                    if admin == nil { admin = try KafkaAdmin(client: kafka, logger: logger) }
                    if let count = try await admin!.describeTopics([topic]).first?.partitions, count > 0 {
                        if count != known { use(count) }
                        known = count
                    }
                    try await Task.sleep(for: known == nil ? retryInterval : refreshInterval)
                } catch is CancellationError {
                    return
                } catch {
                    logger.debug("could not read the partition count of \(topic) yet", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: retryInterval)
                }
            }
        }
    }

    private func use(_ count: Int) {
        minter.use(partitionCount: count)
        metrics.jobIDPartitions(minter.partitionCount)
        if minter.partitionCount > 1 {
            logger.info("new jobs take turns on the partitions of \(topic)", metadata: ["partitions": "\(count)"])
        } else {
            logger.info("new jobs get ids not aligned to partitions: \(topic) has \(count) partitions, outside 2...\(PartitionAlignedJobIDs.largestAlignedPartitionCount)")
        }
    }
}
