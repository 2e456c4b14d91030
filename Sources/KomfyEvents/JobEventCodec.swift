import Foundation

/// Turns job events into the bytes stored on `komfy.job-events` and back.
///
/// Encoding is deterministic (sorted keys), so the same event always has the same bytes. Decoding
/// takes the fast path when the stored version is the current one; older versions go through the
/// registered upcasters first, so replaying an old log keeps working after a schema change.
public struct JobEventCodec: Sendable {
    /// The Kafka header naming the event type, so a consumer can skip records without decoding them.
    public static let typeHeader = "komfy-type"

    public var upcasters: [JobEventUpcaster]

    public init(upcasters: [JobEventUpcaster] = JobEventUpcaster.all) {
        self.upcasters = upcasters
    }

    public func encode(_ envelope: JobEventEnvelope) throws -> Data {
        if let data = JobEventFastEncoder.encode(envelope) { return data }
        return try encodeWithFoundation(envelope)
    }

    /// The reference encoder: `JSONEncoder`. `encode` writes the same bytes with
    /// `JobEventFastEncoder` (the tests hold them equal) and comes here only for what the fast path
    /// refuses, so that the error is `JSONEncoder`'s.
    public func encodeWithFoundation(_ envelope: JobEventEnvelope) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(WireEnvelope(envelope))
    }

    public func decode(_ data: Data) throws -> JobEventEnvelope {
        if let envelope = try? JobEventFastDecoder.decode(data) { return envelope }
        return try decodeWithFoundation(data)
    }

    /// The same, except that a `JobSubmitted`'s prompt is stepped over and given as `.null`: for
    /// readers that never show or run the workflow (read models), since parsing it is most of the
    /// work of decoding a submission. Records the fast path cannot read are decoded in full.
    public func decode(_ data: Data, skippingPrompt: Bool) throws -> JobEventEnvelope {
        if let envelope = try? JobEventFastDecoder.decode(data, skippingPrompt: skippingPrompt) { return envelope }
        return try decodeWithFoundation(data)
    }

    /// The reference decoder: `JSONDecoder`, with upcasting and the error messages users see.
    /// `decode` reads records of the current versions with `JobEventFastDecoder` instead, which
    /// gives the same result (the tests hold them equal) about ten times faster.
    public func decodeWithFoundation(_ data: Data) throws -> JobEventEnvelope {
        do {
            return try JSONDecoder().decode(WireEnvelope.self, from: data).envelope
        } catch let error as JobEventDecodingError {
            guard case .olderVersion(let type, let version) = error else { throw error }
            return try decodeUpcasting(data, type: type, from: version)
        } catch let error as DecodingError {
            throw JobEventDecodingError.malformed(describe(error))
        }
    }

    private func decodeUpcasting(_ data: Data, type: String, from version: Int) throws -> JobEventEnvelope {
        guard let payloadType = JobEvent.payloadType(named: type) else {
            throw JobEventDecodingError.unknownType(type)
        }
        var raw: RawEnvelope
        do {
            raw = try JSONDecoder().decode(RawEnvelope.self, from: data)
        } catch let error as DecodingError {
            throw JobEventDecodingError.malformed(describe(error))
        }
        var dataVersion = version
        while dataVersion < payloadType.schemaVersion {
            guard let step = upcasters.first(where: { $0.type == type && $0.fromVersion == dataVersion }) else {
                throw JobEventDecodingError.noUpcaster(type: type, fromVersion: dataVersion)
            }
            raw.data = step.upcast(raw.data)
            dataVersion += 1
        }
        raw.version = dataVersion
        return try decode(JSONEncoder().encode(raw))
    }

    private func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let location = context.codingPath.isEmpty ? "" : " at \(path(context.codingPath))"
            return "\(context.debugDescription)\(location)"
        @unknown default:
            return "\(error)"
        }
    }

    private func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Turns the `data` of one event type from `fromVersion` into `fromVersion + 1`.
public struct JobEventUpcaster: Sendable {
    public var type: String
    public var fromVersion: Int
    public var upcast: @Sendable (JSONValue) -> JSONValue

    public init(type: String, fromVersion: Int, upcast: @escaping @Sendable (JSONValue) -> JSONValue) {
        self.type = type
        self.fromVersion = fromVersion
        self.upcast = upcast
    }

    /// Every upcaster of the current schemas. Empty while every event is at version 1; the golden
    /// logs in `replay/` prove each one added here.
    public static let all: [JobEventUpcaster] = []
}

public enum JobEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownType(String)
    case olderVersion(type: String, version: Int)
    case newerVersion(type: String, version: Int, supported: Int)
    case noUpcaster(type: String, fromVersion: Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .unknownType(let type): "unknown job event type '\(type)'"
        case .olderVersion(let type, let version): "\(type) version \(version) needs upcasting"
        case .newerVersion(let type, let version, let supported):
            "\(type) version \(version) is newer than this build understands (\(supported)); upgrade Komfy"
        case .noUpcaster(let type, let version): "no upcaster for \(type) from version \(version)"
        case .malformed(let reason): "malformed job event: \(reason)"
        }
    }
}

extension JobEvent {
    private static let payloadTypesByName: [String: any JobEventPayload.Type] = Dictionary(
        uniqueKeysWithValues: payloadTypes.map { ($0.eventType, $0) })

    public static func payloadType(named type: String) -> (any JobEventPayload.Type)? {
        payloadTypesByName[type]
    }
}

private enum WireKeys: String, CodingKey {
    case id, type, version, data, producer
    case jobID = "job_id"
    case occurredAt = "occurred_at"
    case causationID = "causation_id"
    case correlationID = "correlation_id"
}

/// The envelope in its stored form, decoding `data` by the type it names.
private struct WireEnvelope: Codable {
    var envelope: JobEventEnvelope

    init(_ envelope: JobEventEnvelope) {
        self.envelope = envelope
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let version = try container.decode(Int.self, forKey: .version)
        guard let payloadType = JobEvent.payloadType(named: type) else {
            throw JobEventDecodingError.unknownType(type)
        }
        if version < payloadType.schemaVersion {
            throw JobEventDecodingError.olderVersion(type: type, version: version)
        }
        if version > payloadType.schemaVersion {
            throw JobEventDecodingError.newerVersion(type: type, version: version, supported: payloadType.schemaVersion)
        }
        envelope = JobEventEnvelope(
            id: try container.decode(UUID.self, forKey: .id),
            jobID: try container.decode(UUID.self, forKey: .jobID),
            occurredAt: try container.decode(Timestamp.self, forKey: .occurredAt),
            producer: try container.decode(String.self, forKey: .producer),
            causationID: try container.decodeIfPresent(UUID.self, forKey: .causationID),
            correlationID: try container.decodeIfPresent(UUID.self, forKey: .correlationID),
            event: JobEvent(try Self.decodePayload(payloadType, from: container))
        )
    }

    private static func decodePayload<P: JobEventPayload>(
        _: P.Type, from container: KeyedDecodingContainer<WireKeys>
    ) throws -> P {
        try container.decode(P.self, forKey: .data)
    }

    // UUIDs are written in lowercase, as RFC 9562 asks and as `EventID` names them (Foundation's
    // Codable conformance writes uppercase). Decoding accepts either case.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKeys.self)
        try container.encode(envelope.id.lowercasedString, forKey: .id)
        try container.encode(envelope.event.type, forKey: .type)
        try container.encode(envelope.event.schemaVersion, forKey: .version)
        try container.encode(envelope.jobID.lowercasedString, forKey: .jobID)
        try container.encode(envelope.occurredAt, forKey: .occurredAt)
        try container.encode(envelope.producer, forKey: .producer)
        try container.encodeIfPresent(envelope.causationID?.lowercasedString, forKey: .causationID)
        try container.encodeIfPresent(envelope.correlationID?.lowercasedString, forKey: .correlationID)
        try container.encode(envelope.event.payload, forKey: .data)
    }
}

/// The envelope with `data` kept as plain JSON, for upcasting.
private struct RawEnvelope: Codable {
    var id: UUID
    var type: String
    var version: Int
    var jobID: UUID
    var occurredAt: Timestamp
    var producer: String
    var causationID: UUID?
    var correlationID: UUID?
    var data: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, type, version, data, producer
        case jobID = "job_id"
        case occurredAt = "occurred_at"
        case causationID = "causation_id"
        case correlationID = "correlation_id"
    }
}
