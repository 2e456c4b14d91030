import CRdKafka
import Foundation

/// Turns a consumed record's headers into `[KafkaHeader]`, sharing one array among records whose
/// headers are byte for byte the same as the previous record's.
///
/// The records of a topic mostly carry the same headers (every `JobExecuted` has
/// `komfy-type: JobExecuted`); sharing the array saves its allocation and the header Strings and
/// Datas of every such record, at the price of one comparison of a few bytes.
struct RDKafkaHeaderCache {
    /// The previous record's headers, and their bytes as `serialize` writes them.
    private var last: [KafkaHeader] = []
    private var lastBytes: [UInt8] = []
    private var scratch: [UInt8] = []

    mutating func headers(of list: OpaquePointer) -> [KafkaHeader] {
        scratch.removeAll(keepingCapacity: true)
        Self.serialize(list, into: &scratch)
        if scratch == lastBytes { return last }
        var headers: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "",
                                       value: value.map { Data(bytes: $0, count: size) }))
            index += 1
        }
        last = headers
        swap(&lastBytes, &scratch)
        return headers
    }

    /// Every header as name length, name, value length (-1 for none) and value: equal bytes mean
    /// equal headers.
    private static func serialize(_ list: OpaquePointer, into bytes: inout [UInt8]) {
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let nameCount = name.map { strlen($0) } ?? 0
            append(nameCount, to: &bytes)
            if let name {
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: name, count: nameCount))
            }
            if let value {
                append(size, to: &bytes)
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: value, count: size))
            } else {
                append(-1, to: &bytes)
            }
            index += 1
        }
    }

    private static func append(_ count: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: count) { bytes.append(contentsOf: $0) }
    }
}
