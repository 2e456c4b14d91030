import KomfyEvents

/// One input of a node class as the engine's `/object_info` declares it: what it takes, its bounds,
/// and what Komfy reads into it (a model file, an uploaded input file).
public struct InputDefinition: Sendable, Hashable {
    public var name: String
    public var type: InputType
    /// Required inputs must be present in every node of the class; optional ones may be left out.
    public var isRequired: Bool
    /// Bounds of `INT` and `FLOAT` inputs. ComfyUI rejects values outside them before running.
    public var min: Double?
    public var max: Double?
    public var step: Double?
    public var defaultValue: JSONValue?
    /// The input is drawn as a socket, not a widget: it is meant to be linked, although a plain
    /// value of its type is accepted.
    public var forceInput: Bool
    /// The node asks for the input only when it needs it (ComfyUI's lazy evaluation).
    public var isLazy: Bool
    /// The ComfyUI model folder (`checkpoints`, `loras`, ...) when the input names a model file;
    /// `/object_info` does not say so, `ModelFolders` decides (see there why and how).
    public var modelFolder: String?
    /// The input names a file of the engine's input directory (`LoadImage`'s `image`, ...). Komfy
    /// puts uploads in its own input store, so such names are not checked against the engine's list.
    public var isInputFile: Bool
    /// The engine's declaration as `/object_info` sent it, `[type, options]`: ComfyUI echoes it as
    /// `input_config` in its `node_errors`, and so does the validator.
    public var declaration: JSONValue

    public init(
        name: String, type: InputType, isRequired: Bool, min: Double? = nil, max: Double? = nil, step: Double? = nil,
        defaultValue: JSONValue? = nil, forceInput: Bool = false, isLazy: Bool = false, modelFolder: String? = nil,
        isInputFile: Bool = false, declaration: JSONValue = .null
    ) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.min = min
        self.max = max
        self.step = step
        self.defaultValue = defaultValue
        self.forceInput = forceInput
        self.isLazy = isLazy
        self.modelFolder = modelFolder
        self.isInputFile = isInputFile
        self.declaration = declaration
    }
}

/// What an input takes: a widget value (`INT`, `FLOAT`, `STRING`, `BOOLEAN`, one of a list) or a
/// link to another node's output of a named type.
public enum InputType: Sendable, Hashable {
    case int
    case float
    case string
    case boolean
    /// One value of a list. `choices` is `nil` when the engine fills the list at run time (a
    /// `remote` or multi-select combo) and the validator cannot know it.
    case combo(choices: [JSONValue]?)
    /// A link type such as `MODEL`, `LATENT`, `*` (anything) or `A,B` (either).
    case link(String)

    /// The name ComfyUI uses for the type in messages: `INT`, `COMBO`, `MODEL`, ...
    public var name: String {
        switch self {
        case .int: "INT"
        case .float: "FLOAT"
        case .string: "STRING"
        case .boolean: "BOOLEAN"
        case .combo: "COMBO"
        case .link(let type): type
        }
    }
}

/// One output of a node class.
public struct OutputDefinition: Sendable, Hashable {
    /// The link type it gives, e.g. `MODEL`; `COMBO` for an output that gives a list's value.
    public var type: String
    public var name: String
    /// The output is a list the next node runs over item by item.
    public var isList: Bool

    public init(type: String, name: String, isList: Bool) {
        self.type = type
        self.name = name
        self.isList = isList
    }
}
