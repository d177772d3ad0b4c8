package io.unosynth.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX graphs for the tests with the ONNX protobuf classes. The "adder" graph:
 * inputs {@code x} float32 [batch, 3] and {@code ids} int64 [batch, 2];
 * outputs {@code y = x + W} float32 [batch, 3] (W = [0.5, -1, 2], stored as external data in {@code weights.bin}),
 * {@code y_half = Cast(y, float16)} and {@code ids_out = Identity(ids)}.
 */
public final class TinyOnnxModels {
    static final float[] WEIGHTS = {0.5f, -1f, 2f};
    static final String WEIGHTS_FILE = "weights.bin";

    private TinyOnnxModels() {}

    /** Writes {@code adder.onnx} and its external-data file into {@code dir}; returns the model path. */
    public static Path writeAdder(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer weights = ByteBuffer.allocate(WEIGHTS.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float w : WEIGHTS) {
            weights.putFloat(w);
        }
        Files.write(dir.resolve(WEIGHTS_FILE), weights.array());
        TensorProto w = TensorProto.newBuilder()
                .setName("W")
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(WEIGHTS.length)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", WEIGHTS_FILE))
                .addExternalData(entry("offset", "0"))
                .addExternalData(entry("length", String.valueOf(WEIGHTS.length * 4)))
                .build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("adder")
                .addInitializer(w)
                .addInput(valueInfo("x", TensorProto.DataType.FLOAT, "batch", 3))
                .addInput(valueInfo("ids", TensorProto.DataType.INT64, "batch", 2))
                .addOutput(valueInfo("y", TensorProto.DataType.FLOAT, "batch", 3))
                .addOutput(valueInfo("y_half", TensorProto.DataType.FLOAT16, "batch", 3))
                .addOutput(valueInfo("ids_out", TensorProto.DataType.INT64, "batch", 2))
                .addNode(node("Add", "add", new String[] {"x", "W"}, "y"))
                .addNode(node("Cast", "cast", new String[] {"y"}, "y_half").toBuilder()
                        .addAttribute(OnnxMl.AttributeProto.newBuilder()
                                .setName("to")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                                .setI(TensorProto.DataType.FLOAT16.getNumber())))
                .addNode(node("Identity", "identity", new String[] {"ids"}, "ids_out"))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("unosynth-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph)
                .build();
        Path file = dir.resolve("adder.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static OnnxMl.NodeProto node(String op, String name, String[] inputs, String output) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node.build();
    }

    /** A tensor value info; a dimension given as a String is symbolic (dynamic), an Integer fixed. */
    private static OnnxMl.ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String param) {
                d.setDimParam(param);
            } else {
                d.setDimValue((Integer) dim);
            }
            shape.addDim(d);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
                .build();
    }
}
