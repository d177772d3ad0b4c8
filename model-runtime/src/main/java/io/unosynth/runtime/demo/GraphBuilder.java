package io.unosynth.runtime.demo;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.unosynth.core.error.Preconditions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small ONNX graph builder (opset 17): one method per ONNX operator, each taking input tensor names and returning
 * the name of the output tensor. Weights come from a seeded {@link SeededWeights}, so one builder and one seed
 * always produce the same bytes. Not thread-safe; one builder writes one graph.
 */
final class GraphBuilder {
    static final int OPSET = 17;
    /** IR version 8 is the one that goes with opset 17. */
    static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final SeededWeights weights;
    private final Set<String> names = new HashSet<>();
    private int nodeCount;

    GraphBuilder(String graphName, long seed) {
        graph.setName(requireNonNull(graphName, "graphName is null"));
        this.weights = new SeededWeights(seed ^ graphName.hashCode());
    }

    // ---- graph inputs, outputs, weights -------------------------------------------------------------------

    /**
     * Declares a graph input. Each dimension is a {@link Long}/{@link Integer} (fixed) or a {@link String}
     * (symbolic, i.e. dynamic, e.g. "batch").
     */
    String input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(claim(name), type, dims));
        return name;
    }

    /** Exposes {@code tensor} as graph output {@code name} (through an Identity so any tensor can be renamed). */
    void output(String tensor, String name, TensorProto.DataType type, Object... dims) {
        node("Identity", List.of(tensor), claim(name), List.of());
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A weight drawn from N(0, std^2), shaped {@code dims}. */
    String normal(String name, double std, long... dims) {
        return floats(name, weights.normal(count(dims), std), dims);
    }

    String ones(String name, long... dims) {
        float[] values = new float[count(dims)];
        Arrays.fill(values, 1f);
        return floats(name, values, dims);
    }

    String zeros(String name, long... dims) {
        return floats(name, new float[count(dims)], dims);
    }

    /** A float32 initializer with the given values, little-endian raw data. */
    String floats(String name, float[] values, long... dims) {
        return floatInitializer(claim(name), values, dims);
    }

    private String floatInitializer(String name, float[] values, long... dims) {
        Preconditions.checkArgument(values.length == count(dims),
                "Invalid initializer %s: %d values for shape %s", name, values.length, Arrays.toString(dims));
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return initializer(name, TensorProto.DataType.FLOAT, ByteString.copyFrom(buffer.array()), dims);
    }

    /** A 1-D int64 constant (shapes, axes, split sizes, slice bounds). */
    String longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return initializer(fresh("const"), TensorProto.DataType.INT64, ByteString.copyFrom(buffer.array()),
                values.length);
    }

    /** A float32 constant of arbitrary shape (masks, frequency tables). */
    String constant(float[] values, long... dims) {
        return floatInitializer(fresh("const"), values, dims);
    }

    /** A float32 scalar constant, broadcastable against anything. */
    String scalar(float value) {
        return constant(new float[] {value});
    }

    private String initializer(String name, TensorProto.DataType type, ByteString raw, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor.setRawData(raw));
        return name;
    }

    // ---- elementwise and math ops -------------------------------------------------------------------------

    String add(String a, String b) {
        return op("Add", a, b);
    }

    String sub(String a, String b) {
        return op("Sub", a, b);
    }

    String mul(String a, String b) {
        return op("Mul", a, b);
    }

    String div(String a, String b) {
        return op("Div", a, b);
    }

    String sqrt(String x) {
        return op("Sqrt", x);
    }

    String erf(String x) {
        return op("Erf", x);
    }

    String sigmoid(String x) {
        return op("Sigmoid", x);
    }

    String elu(String x) {
        return op("Elu", x);
    }

    String cos(String x) {
        return op("Cos", x);
    }

    String sin(String x) {
        return op("Sin", x);
    }

    String matMul(String a, String b) {
        return op("MatMul", a, b);
    }

    String equal(String a, String b) {
        return op("Equal", a, b);
    }

    String greater(String a, String b) {
        return op("Greater", a, b);
    }

    String where(String condition, String whenTrue, String whenFalse) {
        return op("Where", condition, whenTrue, whenFalse);
    }

    String cast(String x, TensorProto.DataType to) {
        return node("Cast", List.of(x), fresh("Cast"), List.of(intAttribute("to", to.getNumber())));
    }

    String softmax(String x, int axis) {
        return node("Softmax", List.of(x), fresh("Softmax"), List.of(intAttribute("axis", axis)));
    }

    String argMax(String x, int axis, boolean keepDims) {
        return node("ArgMax", List.of(x), fresh("ArgMax"),
                List.of(intAttribute("axis", axis), intAttribute("keepdims", keepDims ? 1 : 0)));
    }

    String reduceMean(String x, long... axes) {
        return node("ReduceMean", List.of(x), fresh("ReduceMean"),
                List.of(intsAttribute("axes", axes), intAttribute("keepdims", 1)));
    }

    String layerNormalization(String x, String scale, String bias, float epsilon) {
        return node("LayerNormalization", List.of(x, scale, bias), fresh("LayerNormalization"),
                List.of(intAttribute("axis", -1), floatAttribute("epsilon", epsilon)));
    }

    String conv(String x, String weight, String bias, int kernel, int stride, int padding) {
        return node("Conv", List.of(x, weight, bias), fresh("Conv"), List.of(
                intsAttribute("kernel_shape", kernel, kernel),
                intsAttribute("strides", stride, stride),
                intsAttribute("pads", padding, padding, padding, padding)));
    }

    /** Nearest-neighbour resize of an NCHW tensor by integer factors on H and W. */
    String resizeNearest(String x, float scale) {
        String scales = constant(new float[] {1f, 1f, scale, scale}, 4);
        return node("Resize", List.of(x, "", scales), fresh("Resize"), List.of(
                stringAttribute("mode", "nearest"),
                stringAttribute("nearest_mode", "floor"),
                stringAttribute("coordinate_transformation_mode", "asymmetric")));
    }

    // ---- shape ops ----------------------------------------------------------------------------------------

    /** Reshape; 0 copies the input dimension, -1 infers one. */
    String reshape(String x, long... shape) {
        return op("Reshape", x, longs(shape));
    }

    String reshapeTo(String x, String shapeTensor) {
        return op("Reshape", x, shapeTensor);
    }

    String transpose(String x, long... perm) {
        return node("Transpose", List.of(x), fresh("Transpose"), List.of(intsAttribute("perm", perm)));
    }

    String concat(int axis, String... inputs) {
        return node("Concat", List.of(inputs), fresh("Concat"), List.of(intAttribute("axis", axis)));
    }

    String unsqueeze(String x, long... axes) {
        return op("Unsqueeze", x, longs(axes));
    }

    String squeeze(String x, long... axes) {
        return op("Squeeze", x, longs(axes));
    }

    /** Slice along one axis; use {@link Long#MAX_VALUE} as {@code end} for "to the end". */
    String slice(String x, long axis, long start, long end) {
        return op("Slice", x, longs(start), longs(end), longs(axis));
    }

    /** Splits along {@code axis} into pieces of the given sizes. */
    List<String> split(String x, int axis, long... sizes) {
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            outputs.add(fresh("Split"));
        }
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Split").setName(fresh("node"))
                .addInput(x).addInput(longs(sizes)).addAllOutput(outputs)
                .addAttribute(intAttribute("axis", axis));
        graph.addNode(node);
        return outputs;
    }

    String gather(String data, String indices) {
        return op("Gather", data, indices);
    }

    /** Dimensions {@code [start, end)} of the shape of {@code x}, as a 1-D int64 tensor. */
    String shape(String x, int start, int end) {
        return node("Shape", List.of(x), fresh("Shape"),
                List.of(intAttribute("start", start), intAttribute("end", end)));
    }

    String expand(String x, String shapeTensor) {
        return op("Expand", x, shapeTensor);
    }

    // ---- model --------------------------------------------------------------------------------------------

    ModelProto build(String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("unosynth-demo")
                .setProducerVersion("1")
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    /** A fresh, unique tensor name with the given prefix, claimed. */
    String fresh(String prefix) {
        String name;
        do {
            name = prefix + "_" + nodeCount++;
        } while (names.contains(name));
        names.add(name);
        return name;
    }

    private String claim(String name) {
        Preconditions.checkArgument(names.add(name), "Invalid tensor name: %s is already used", name);
        return name;
    }

    private String op(String opType, String... inputs) {
        return node(opType, List.of(inputs), fresh(opType), List.of());
    }

    private String node(String opType, List<String> inputs, String output, List<AttributeProto> attributes) {
        graph.addNode(NodeProto.newBuilder()
                .setOpType(opType)
                .setName(fresh("node"))
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(attributes));
        return output;
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof String symbolic) {
                shape.addDimBuilder().setDimParam(symbolic);
            } else if (dim instanceof Number fixed) {
                shape.addDimBuilder().setDimValue(fixed.longValue());
            } else {
                throw new IllegalArgumentException("Invalid dimension of " + name + ": " + dim);
            }
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static int count(long... dims) {
        long count = 1;
        for (long dim : dims) {
            Preconditions.checkArgument(dim > 0, "Invalid dimension: %d", dim);
            count *= dim;
        }
        Preconditions.checkArgument(count <= Integer.MAX_VALUE, "Invalid initializer size: %d elements", count);
        return (int) count;
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    private static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
