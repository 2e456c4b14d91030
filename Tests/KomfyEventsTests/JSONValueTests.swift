import Foundation
@testable import KomfyEvents
import Testing

@Suite("JSONValue: documents Komfy does not own, kept exactly")
struct JSONValueTests {
    private func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func encode(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("integers keep every digit across the whole signed and unsigned 64-bit range", arguments: [
        ("18446744073709551615", JSONValue.uint(.max)),
        ("9223372036854775808", .uint(UInt64(Int64.max) + 1)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("0", .int(0)),
        ("-1", .int(-1)),
    ])
    func bigIntegers(text: String, expected: JSONValue) throws {
        let value = try decode(text)
        #expect(value == expected)
        #expect(try encode(value) == text)
    }

    @Test("each JSON kind decodes to its case", arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("1", .int(1)),
        ("7.5", .double(7.5)),
        ("-0.25", .double(-0.25)),
        ("1e-7", .double(1e-7)),
        (#""7""#, .string("7")),
        (#""true""#, .string("true")),
        ("[]", .array([])),
        ("{}", .object([:])),
    ])
    func kinds(text: String, expected: JSONValue) throws {
        #expect(try decode(text) == expected)
    }

    @Test("a whole number written with a fraction comes back as an integer (JSON does not tell them apart)")
    func wholeDoubles() throws {
        #expect(try decode("7.0") == .int(7))
        #expect(try encode(.double(7.0)) == "7")
        #expect(try decode(encode(.double(1.0))) == .int(1))
    }

    @Test("nested structures round trip, nulls inside objects included")
    func nested() throws {
        let text = """
            {"a":[1,2.5,"x",true,null,{"b":[]}],"empty":{},"n":null,"node_errors":{"5":{"errors":[{"type":"value_not_in_list"}]}},\
            "seed":18446744073709551615,"unicode":"löwe 🦁 \\"quoted\\" a/b"}
            """
        let value = try decode(text)
        #expect(value["n"] == .null)
        #expect(value["a"]?.arrayValue?.count == 6)
        #expect(value["node_errors"]?["5"]?["errors"]?.arrayValue?.first?["type"]?.stringValue == "value_not_in_list")
        #expect(value["unicode"]?.stringValue == "löwe 🦁 \"quoted\" a/b")
        #expect(try encode(value) == text)
        #expect(try decode(encode(value)) == value)
    }

    @Test("the seed workflow decodes with its structure intact")
    func seedWorkflow() {
        let prompt = JobEventSamples.prompt
        #expect(prompt.objectValue?.count == 7)
        #expect(prompt["5"]?["class_type"] == "KSampler")
        #expect(prompt["5"]?["inputs"]?["seed"] == .uint(JobEventSamples.bigSeed))
        #expect(prompt["5"]?["inputs"]?["model"] == ["1", 0])
        #expect(prompt["4"]?["inputs"]?["width"]?.intValue == 1024)
    }

    @Test("literals build the same values as decoding")
    func literals() throws {
        let built: JSONValue = ["list": [1, 2.5, "three", false, .null], "nested": ["k": "v"]]
        #expect(try decode(#"{"list":[1,2.5,"three",false,null],"nested":{"k":"v"}}"#) == built)
    }

    @Test("accessors return nil for other kinds and for integers that do not fit")
    func accessors() {
        let value: JSONValue = ["n": 3, "s": "x"]
        #expect(value["missing"] == nil)
        #expect(value["s"]?.intValue == nil)
        #expect(value["n"]?.stringValue == nil)
        #expect(JSONValue.array([]).objectValue == nil)
        #expect(JSONValue.string("x")["key"] == nil)
        #expect(JSONValue.uint(.max).intValue == nil)
        #expect(JSONValue.uint(42).intValue == 42)
        #expect(JSONValue.double(3.0).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.int(3).doubleValue == 3.0)
        #expect(JSONValue.uint(.max).doubleValue == 18_446_744_073_709_551_615.0)
        #expect(JSONValue.bool(true).doubleValue == nil)
    }
}

@Suite("JSONValue.parse")
struct JSONValueParseTests {
    static let documents = [
        #"{"1": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551615, "cfg": 7.5, "steps": 20, "model": ["4", 0]}}}"#,
        "  \n{\"a\": [1, -2, 3.25, 1e3, 7.0, true, false, null, \"\\u00e9\\n\\\"q\\\"\", {\"b\": {}}, []]}  \n",
        #"{"dup": 1, "dup": 2}"#,
        #"{"text": "ünïcödé ✓", "emoji": "\ud83d\ude00"}"#,
        "[]", "3", #""just a string""#, "[7.0, 1e3, 2.50, -4.0, 1E2, 0.0, 123456789012.0, 2.5e-1]",
        "[-18446744073709551615, 18446744073709551616, 1e19, -1e19, 18446744073709551615.0, 1.8446744073709552e19]",
    ]

    @Test("gives what JSONDecoder gives, for every kind of value", arguments: documents)
    func sameAsFoundation(_ document: String) throws {
        let data = Data(document.utf8)
        let reference = try? JSONDecoder().decode(JSONValue.self, from: data)
        let parsed = try? JSONValue.parse(data)
        #expect(parsed == reference)
    }

    @Test("malformed JSON throws like JSONDecoder; absurd nesting throws instead of exhausting the stack")
    func refusals() {
        for document in [#"{"a": "#, "{'a': 1}", "[1 2]", #"{"a": 1} x"#] {
            #expect(throws: (any Error).self, "\(document)") { try JSONValue.parse(Data(document.utf8)) }
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: (any Error).self) { try JSONValue.parse(Data(deep.utf8)) }
    }

    @Test("object keys: ASCII and other valid UTF-8 read as written; a key that is not UTF-8 is refused")
    func keysAreUTF8() throws {
        let keys = ["class_type", "prompt_ñandú", "日本語", "emoji 🎨", ""]
        for key in keys {
            let data = Data(#"{"\#(key)": 1, "inputs": {"\#(key)": [\#(key.utf8.count), 7.5]}}"#.utf8)
            let parsed = try JSONValue.parse(data)
            #expect(parsed == (try JSONDecoder().decode(JSONValue.self, from: data)), "\(key)")
            #expect(parsed.objectValue?[key] == .int(1), "\(key)")
            // The byte-level reader itself, not only the JSONDecoder it falls back to.
            let fast = try data.withUnsafeBytes { bytes in
                var reader = JSONReader(bytes)
                return try reader.readJSONValue()
            }
            #expect(fast == parsed, "\(key)")
        }
        let invalid = Data([UInt8(ascii: "{"), UInt8(ascii: "\""), 0x61, 0xFF, 0xFE, UInt8(ascii: "\""), UInt8(ascii: ":"),
                            UInt8(ascii: "1"), UInt8(ascii: "}")])
        #expect(throws: (any Error).self) {
            try invalid.withUnsafeBytes { bytes in
                var reader = JSONReader(bytes)
                _ = try reader.readJSONValue()
            }
        }
        #expect(throws: (any Error).self) { try JSONValue.parse(invalid) }
    }

    @Test("numbers beyond 64 bits: the byte-level reader gives JSONDecoder's value itself, or leaves the number to it",
          arguments: [
              // Read by the byte-level reader (ComfyUI's /object_info has the first as a bound).
              ("-18446744073709551615", true), ("18446744073709551616", true), ("-9223372036854775809", true),
              ("99999999999999999999999", true), ("1.5e300", true), ("12345678901234567890123.5", true),
              // As JSONEncoder writes the first one back (an edited /object_info).
              ("-1.8446744073709552e+19", true), ("-1e19", true), ("1e20", true),
              // Whole numbers JSONDecoder may read as UInt64 or Int64: left to it.
              ("1e19", false), ("1.0e19", false), ("-9e18", false), ("9.3e18", false), ("1.8446744073709552e19", false),
          ])
    func beyondSixtyFourBits(number: String, readsItself: Bool) throws {
        let data = Data("[\(number)]".utf8)
        let reference = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(try JSONValue.parse(data) == reference)
        let fast = data.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes)
            return try? reader.readJSONValue()
        }
        #expect((fast != nil) == readsItself)
        if let fast { #expect(fast == reference) }
        // Infinite either way: both refuse.
        #expect(throws: (any Error).self) { try JSONValue.parse(Data("[1\(String(repeating: "0", count: 400))]".utf8)) }
    }
}
