import CYAML
import Documents
import Testing

@Test func tmpPerf() throws {
    let bytes = try FileSystem.readBytes(testdataRoot + "/specs/stripe-spec3.yaml")
    let clock = ContinuousClock()
    var start = clock.now
    var count = 0
    bytes.withUnsafeBufferPointer { buffer in
        var parser = yaml_parser_t()
        _ = yaml_parser_initialize(&parser)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) != 0 {
            count += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { break }
        }
        yaml_parser_delete(&parser)
    }
    print("libyaml only: \(clock.now - start), \(count) events")
    start = clock.now
    let parsed = DocumentParser.parse(bytes, file: "stripe")
    print("full: \(clock.now - start) \(parsed.errors.count)")
}
