import CRdKafka
import Foundation

/// The headers of a run of records, built once as librdkafka's header list and copied for every
/// record of the run (librdkafka frees each record's copy after its delivery report).
///
/// The records of one send mostly carry the same headers (every `JobExecuted` has
/// `komfy-type: JobExecuted`), often the same array; comparing with the previous record's headers
/// is then one identity check, and the copy is one C call instead of a C string and a header
/// per name and value. Owned by the producer's poll thread, which enqueues every record.
final class RDKafkaHeaderTemplate {
    private var headers: [KafkaHeader] = []
    private var list: OpaquePointer?

    deinit {
        if let list { rd_kafka_headers_destroy(list) }
    }

    /// A new list with `headers`, for `rd_kafka_produceva` to own; nil for none.
    func list(for headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        if list == nil || headers != self.headers {
            if let list { rd_kafka_headers_destroy(list) }
            list = Self.make(headers)
            self.headers = headers
        }
        return rd_kafka_headers_copy(list)
    }

    private static func make(_ headers: [KafkaHeader]) -> OpaquePointer {
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers {
            header.name.withCString { name in
                if let value = header.value {
                    value.withUnsafeBytes { bytes in
                        _ = rd_kafka_header_add(list, name, -1, bytes.baseAddress, bytes.count)
                    }
                } else {
                    _ = rd_kafka_header_add(list, name, -1, nil, 0)
                }
            }
        }
        return list
    }
}
