import Foundation

/// Reads a whole job event record with `JSONReader`: the fast path of `JobEventCodec.decode`.
///
/// It throws `JSONReader.Unsupported` for anything outside the current schema versions or the
/// subset the reader handles; the codec then decodes with `JSONDecoder`, which also produces the
/// user-facing error messages.
enum JobEventFastDecoder {
    private struct PayloadDecoder {
        let type: String
        /// `type`'s bytes, to recognise it in a record without making a String.
        let typeUTF8: [UInt8]
        let version: Int
        let read: (inout JSONReader) throws -> JobEvent

        init<P: JobEventPayload & FastDecodable>(_: P.Type, _ wrap: @escaping (P) -> JobEvent) {
            type = P.eventType
            typeUTF8 = Array(P.eventType.utf8)
            version = P.schemaVersion
            read = { reader in wrap(try P(reading: &reader)) }
        }
    }

    /// One per event type; built once, so decoding a record involves no dynamic casts.
    nonisolated(unsafe) private static let allDecoders: [PayloadDecoder] = [
        PayloadDecoder(JobSubmitted.self, JobEvent.submitted), PayloadDecoder(JobCancelRequested.self, JobEvent.cancelRequested),
        PayloadDecoder(JobValidated.self, JobEvent.validated), PayloadDecoder(JobRejected.self, JobEvent.rejected),
        PayloadDecoder(JobModelsReady.self, JobEvent.modelsReady), PayloadDecoder(JobClaimed.self, JobEvent.claimed),
        PayloadDecoder(JobStarted.self, JobEvent.started), PayloadDecoder(NodeExecuting.self, JobEvent.nodeExecuting),
        PayloadDecoder(NodeProgress.self, JobEvent.nodeProgress), PayloadDecoder(NodesCached.self, JobEvent.nodesCached),
        PayloadDecoder(NodeExecuted.self, JobEvent.nodeExecuted), PayloadDecoder(JobLeaseExpired.self, JobEvent.leaseExpired),
        PayloadDecoder(JobExecuted.self, JobEvent.executed), PayloadDecoder(JobCompleted.self, JobEvent.completed),
        PayloadDecoder(JobFailed.self, JobEvent.failed), PayloadDecoder(JobCancelled.self, JobEvent.cancelled),
        PayloadDecoder(WebhookDelivered.self, JobEvent.webhookDelivered), PayloadDecoder(WebhookFailed.self, JobEvent.webhookFailed),
    ]

    /// By type name.
    nonisolated(unsafe) private static let decoders: [String: PayloadDecoder] =
        Dictionary(uniqueKeysWithValues: allDecoders.map { ($0.type, $0) })

    /// The event types the fast path reads: every type of `JobEvent.payloadTypes` (a test checks).
    static var eventTypes: Set<String> { Set(decoders.keys) }

    /// The decoder of the type named by a `"type":"..."` in the last bytes of the record, where the
    /// sorted encoding puts it. Only a guess: `decode` uses what it read only if the real `type` matches.
    private static func guessedDecoder(_ bytes: UnsafeRawBufferPointer) -> PayloadDecoder? {
        let pattern: StaticString = "\"type\":\""
        let patternCount = pattern.utf8CodeUnitCount
        let lowest = max(bytes.count - 96, 0)
        var position = bytes.count - patternCount
        while position >= lowest {
            if bytes[position] == UInt8(ascii: "\""), memcmp(bytes.baseAddress! + position, pattern.utf8Start, patternCount) == 0 {
                let start = position + patternCount
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
                // A comparison of a few bytes with each name costs less than a String and its hash.
                let name = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                return allDecoders.first { decoder in
                    decoder.typeUTF8.count == name.count
                        && decoder.typeUTF8.withUnsafeBytes { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
                }
            }
            position -= 1
        }
        return nil
    }

    static func decode(_ data: Data, skippingPrompt: Bool = false) throws -> JobEventEnvelope {
        try data.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes)
            reader.skipsPrompts = skippingPrompt
            var id: UUID?, type: String?, version: Int?, jobID: UUID?, occurredAt: Timestamp?, producer: String?
            var causationID: UUID?, correlationID: UUID?, payload: Range<Int>?
            var speculative: (decoder: PayloadDecoder, event: JobEvent)?
            try reader.readObject { reader, key in
                switch key {
                case "id": id = try reader.readUUID()
                case "type": type = try reader.readString()
                case "version": version = try reader.readInt()
                case "job_id": jobID = try reader.readUUID()
                case "occurred_at": occurredAt = try reader.readTimestamp()
                case "producer": producer = try reader.readString()
                case "causation_id": causationID = reader.readNull() ? nil : try reader.readUUID()
                case "correlation_id": correlationID = reader.readNull() ? nil : try reader.readUUID()
                case "data":
                    // Sorted keys put `data` before `type`: read it with the decoder of the type the
                    // record names at its end, checked against the real `type` below, instead of
                    // skipping it now and reading it again later.
                    let start = reader.index
                    if type == nil, let guess = guessedDecoder(bytes) {
                        var attempt = reader
                        if let event = try? guess.read(&attempt) {
                            reader = attempt
                            speculative = (guess, event)
                            payload = start..<reader.index
                            return
                        }
                    }
                    payload = try reader.captureValue()
                default: try reader.skipValue()
                }
            }
            try reader.checkEnd()
            let eventType = try required(type, "type", reader)
            let guessed = speculative.flatMap { $0.decoder.type == eventType ? $0 : nil }
            guard let decoder = guessed?.decoder ?? decoders[eventType], try required(version, "version", reader) == decoder.version else {
                throw reader.unsupported("type or version for the slow path")
            }
            let payloadRange = try required(payload, "data", reader)
            let event: JobEvent
            if let guessed {
                event = guessed.event
            } else {
                var dataReader = reader.reader(for: payloadRange)
                event = try decoder.read(&dataReader)
            }
            return JobEventEnvelope(
                id: try required(id, "id", reader), jobID: try required(jobID, "job_id", reader),
                occurredAt: try required(occurredAt, "occurred_at", reader), producer: try required(producer, "producer", reader),
                causationID: causationID, correlationID: correlationID, event: event)
        }
    }
}
