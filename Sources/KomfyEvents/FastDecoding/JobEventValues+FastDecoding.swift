extension JobError: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var code: String?, message: String?, nodeID: String?, exceptionType: String?, details: JSONValue?
        try reader.readObject { reader, key in
            switch key {
            case "code": code = try reader.readString()
            case "message": message = try reader.readString()
            case "node_id": nodeID = try reader.readOptionalString()
            case "exception_type": exceptionType = try reader.readOptionalString()
            case "details": details = try reader.readOptionalJSON()
            default: try reader.skipValue()
            }
        }
        self.init(code: JobErrorCode(rawValue: try required(code, "code", reader)),
                  message: try required(message, "message", reader), nodeID: nodeID, exceptionType: exceptionType,
                  details: details)
    }
}

extension ModelReference: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var nodeID: String?, input: String?, folder: String?, url: String?, name: String?
        try reader.readObject { reader, key in
            switch key {
            case "node_id": nodeID = try reader.readString()
            case "input": input = try reader.readString()
            case "folder": folder = try reader.readString()
            case "url": url = try reader.readOptionalString()
            case "name": name = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(nodeID: try required(nodeID, "node_id", reader), input: try required(input, "input", reader),
                  folder: try required(folder, "folder", reader), url: url, name: name)
    }
}

extension ReadyModel: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var url: String?, name: String?, sha256: String?, file: String?, folder: String?, bytes: Int64?
        try reader.readObject { reader, key in
            switch key {
            case "url": url = try reader.readOptionalString()
            case "name": name = try reader.readOptionalString()
            case "sha256": sha256 = try reader.readString()
            case "file": file = try reader.readString()
            case "folder": folder = try reader.readString()
            case "bytes": bytes = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        self.init(url: url, name: name, sha256: try required(sha256, "sha256", reader), file: try required(file, "file", reader),
                  folder: try required(folder, "folder", reader), bytes: try required(bytes, "bytes", reader))
    }
}

extension StagedOutput: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var nodeID: String?, kind: String?, staged: String?, filename: String?, bytes: Int64?, sha256: String?
        var contentType: String?
        try reader.readObject { reader, key in
            switch key {
            case "node_id": nodeID = try reader.readString()
            case "kind": kind = try reader.readString()
            case "staged": staged = try reader.readString()
            case "filename": filename = try reader.readString()
            case "bytes": bytes = try reader.readInt64()
            case "sha256": sha256 = try reader.readString()
            case "content_type": contentType = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(nodeID: try required(nodeID, "node_id", reader), kind: OutputKind(rawValue: try required(kind, "kind", reader)),
                  staged: try required(staged, "staged", reader), filename: try required(filename, "filename", reader),
                  bytes: try required(bytes, "bytes", reader), sha256: try required(sha256, "sha256", reader),
                  contentType: try required(contentType, "content_type", reader))
    }
}

extension JobOutputs: FastDecodable {
    init(reading reader: inout JSONReader) throws {
        var images: [String]?, videos: [String]?, audio: [String]?, files: [String]?
        try reader.readObject { reader, key in
            switch key {
            case "images": images = try reader.readStrings()
            case "videos": videos = try reader.readStrings()
            case "audio": audio = try reader.readStrings()
            case "files": files = try reader.readStrings()
            default: try reader.skipValue()
            }
        }
        self.init(images: try required(images, "images", reader), videos: try required(videos, "videos", reader),
                  audio: try required(audio, "audio", reader), files: try required(files, "files", reader))
    }
}
