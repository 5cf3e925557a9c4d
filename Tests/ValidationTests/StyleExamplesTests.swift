import Documents
import Testing
@testable import Validation

/// The OAS "Style Examples" table: a parameter named `color` holding the string `blue`,
/// the array `["blue","black","brown"]` and the object `{"R":100,"G":200,"B":150}`.
struct StyleExamplesTests {
    static let colorObject: ParameterShape = .object(["R": .integer, "G": .integer, "B": .integer], additional: nil)
    static let blue = JSONValue.string("blue")
    static let colors = json(#"["blue","black","brown"]"#)
    static let rgb = json(#"{"R":100,"G":200,"B":150}"#)

    struct Row: Sendable, CustomTestStringConvertible {
        var style: ParameterStyle
        var explode: Bool
        var primitive: String?
        var array: String?
        var object: String?
        var testDescription: String { "\(style) explode=\(explode)" }
    }

    /// Path styles: the text is what the template variable matched.
    static let pathRows: [Row] = [
        Row(style: .matrix, explode: false, primitive: ";color=blue", array: ";color=blue,black,brown", object: ";color=R,100,G,200,B,150"),
        Row(style: .matrix, explode: true, primitive: ";color=blue", array: ";color=blue;color=black;color=brown", object: ";R=100;G=200;B=150"),
        Row(style: .label, explode: false, primitive: ".blue", array: ".blue,black,brown", object: ".R,100,G,200,B,150"),
        Row(style: .label, explode: true, primitive: ".blue", array: ".blue.black.brown", object: ".R=100.G=200.B=150"),
        Row(style: .simple, explode: false, primitive: "blue", array: "blue,black,brown", object: "R,100,G,200,B,150"),
        Row(style: .simple, explode: true, primitive: "blue", array: "blue,black,brown", object: "R=100,G=200,B=150"),
    ]

    /// Query styles: the text is the whole query string.
    static let queryRows: [Row] = [
        Row(style: .form, explode: false, primitive: "color=blue", array: "color=blue,black,brown", object: "color=R,100,G,200,B,150"),
        Row(style: .form, explode: true, primitive: "color=blue", array: "color=blue&color=black&color=brown", object: "R=100&G=200&B=150"),
        Row(style: .spaceDelimited, explode: false, primitive: nil, array: "color=blue%20black%20brown", object: "color=R%20100%20G%20200%20B%20150"),
        Row(style: .pipeDelimited, explode: false, primitive: nil, array: "color=blue|black|brown", object: "color=R|100|G|200|B|150"),
        Row(style: .deepObject, explode: true, primitive: nil, array: nil, object: "color[R]=100&color[G]=200&color[B]=150"),
    ]

    func descriptor(_ row: Row, _ location: ParameterLocation, _ shape: ParameterShape) -> ParameterDescriptor {
        ParameterDescriptor(name: "color", location: location, style: row.style, explode: row.explode, shape: shape)
    }

    @Test("path style table", arguments: pathRows)
    func pathStyle(row: Row) {
        if let text = row.primitive {
            #expect(ParameterDeserializer.path(Substring(text), descriptor(row, .path, .primitive(.string))).success?.json == Self.blue)
        }
        if let text = row.array {
            #expect(ParameterDeserializer.path(Substring(text), descriptor(row, .path, .array(.string))).success?.json == Self.colors)
        }
        if let text = row.object {
            #expect(ParameterDeserializer.path(Substring(text), descriptor(row, .path, Self.colorObject)).success?.json == Self.rgb)
        }
    }

    @Test("query style table", arguments: queryRows)
    func queryStyle(row: Row) {
        if let text = row.primitive {
            #expect(ParameterDeserializer.query(QueryString(text), descriptor(row, .query, .primitive(.string))).success?.json == Self.blue)
        }
        if let text = row.array {
            #expect(ParameterDeserializer.query(QueryString(text), descriptor(row, .query, .array(.string))).success?.json == Self.colors)
        }
        if let text = row.object {
            #expect(ParameterDeserializer.query(QueryString(text), descriptor(row, .query, Self.colorObject)).success?.json == Self.rgb)
        }
    }

    @Test func labelStyleAlsoReadsTheOAS310DotSeparatedForm() {
        let array = ParameterDescriptor(name: "color", location: .path, style: .label, explode: false, shape: .array(.string))
        #expect(ParameterDeserializer.path(".blue.black.brown", array).success?.json == Self.colors)
        let object = ParameterDescriptor(name: "color", location: .path, style: .label, explode: false, shape: Self.colorObject)
        #expect(ParameterDeserializer.path(".R.100.G.200.B.150", object).success?.json == Self.rgb)
    }

    @Test func explodedSpaceAndPipeDelimitedArraysReadLikeExplodedForm() {
        for style in [ParameterStyle.spaceDelimited, .pipeDelimited] {
            let parameter = ParameterDescriptor(name: "color", location: .query, style: style, explode: true, shape: .array(.string))
            #expect(ParameterDeserializer.query(QueryString("color=blue&color=black&color=brown"), parameter).success?.json == Self.colors)
        }
    }

    @Test func spaceDelimitedAcceptsPlusAndRawSpace() {
        let parameter = ParameterDescriptor(name: "color", location: .query, style: .spaceDelimited, explode: false, shape: .array(.string))
        #expect(ParameterDeserializer.query(QueryString("color=blue+black+brown"), parameter).success?.json == Self.colors)
    }

    @Test func encodedPipeSplitsPipeDelimited() {
        let parameter = ParameterDescriptor(name: "color", location: .query, style: .pipeDelimited, explode: false, shape: .array(.string))
        #expect(ParameterDeserializer.query(QueryString("color=blue%7Cblack%7cbrown"), parameter).success?.json == Self.colors)
    }

    @Test func headerSimpleStyleTable() {
        let primitive = ParameterDescriptor(name: "X-Color", location: .header, shape: .primitive(.string))
        #expect(ParameterDeserializer.header(["blue"], primitive).success?.json == Self.blue)
        let array = ParameterDescriptor(name: "X-Color", location: .header, shape: .array(.string))
        #expect(ParameterDeserializer.header(["blue, black ,brown"], array).success?.json == Self.colors)
        #expect(ParameterDeserializer.header(["blue", "black,brown"], array).success?.json == Self.colors)
        let object = ParameterDescriptor(name: "X-Color", location: .header, shape: Self.colorObject)
        #expect(ParameterDeserializer.header(["R,100,G,200,B,150"], object).success?.json == Self.rgb)
        let exploded = ParameterDescriptor(name: "X-Color", location: .header, explode: true, shape: Self.colorObject)
        #expect(ParameterDeserializer.header(["R=100,G=200,B=150"], exploded).success?.json == Self.rgb)
    }

    @Test func cookieFormStyle() {
        let cookies = Cookies(headerValues: ["session=x; color=blue,black,brown; other=1"])
        let array = ParameterDescriptor(name: "color", location: .cookie, explode: false, shape: .array(.string))
        #expect(ParameterDeserializer.cookie(cookies.pairs, array).success?.json == Self.colors)
        let primitive = ParameterDescriptor(name: "other", location: .cookie, shape: .primitive(.integer))
        #expect(ParameterDeserializer.cookie(cookies.pairs, primitive).success?.json == json("1"))
    }
}
