#!/usr/bin/python3
"""Builds detector models of other layouts from the YOLOX-Nano test model, and a classifier, at test time.

Each one rewraps YOLOX's graph: a prefix turns the input the other layout's users feed (RGB 0..1,
or normalised with a mean and std) back into what YOLOX wants (BGR 0..255), and a suffix turns
YOLOX's raw rows into the other layout's outputs. So every model must find the same objects in
the same places, if Evex reads each layout and feeds each input as it should.

usage: make_models.py YOLOX_MODEL OUT_DIR
"""
import sys
import os
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

SRC, OUT = sys.argv[1], sys.argv[2]
SIZE = 416
STRIDES = (8, 16, 32)
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def base():
    m = onnx.load(SRC)
    g = m.graph
    for n in g.node:  # YOLOX's graph now reads 'yolox_in' instead of its input
        n.input[:] = ['yolox_in' if i == 'images' else i for i in n.input]
    g.output[0].name = 'yolox_out'
    for n in g.node:
        n.output[:] = ['yolox_out' if o == 'output' else o for o in n.output]
    del g.input[:]
    return m


def const(g, name, array):
    g.initializer.append(numpy_helper.from_array(np.asarray(array), name))
    return name


def node(g, op, inputs, output, **attrs):
    g.node.append(helper.make_node(op, inputs, [output], **attrs))
    return output


def rgb01_prefix(g, mean=None, std=None):
    """Input 'images' as RGB 0..1 (optionally (x - mean) / std) -> YOLOX's BGR 0..255."""
    g.input.append(helper.make_tensor_value_info('images', TensorProto.FLOAT, [1, 3, SIZE, SIZE]))
    x = 'images'
    if mean is not None:
        x = node(g, 'Mul', [x, const(g, 'std_c', np.array(STD, np.float32).reshape(1, 3, 1, 1))], 'unstd')
        x = node(g, 'Add', [x, const(g, 'mean_c', np.array(MEAN, np.float32).reshape(1, 3, 1, 1))], 'unmean')
    x = node(g, 'Gather', [x, const(g, 'bgr_idx', np.array([2, 1, 0], np.int64))], 'bgr', axis=1)
    node(g, 'Mul', [x, const(g, 'c255', np.array(255, np.float32))], 'yolox_in')


def decoded(g):
    """YOLOX's raw rows -> boxes (cx, cy, w, h in input pixels) [1,N,4], objectness [1,N,1], classes [1,N,80]."""
    grids, strides = [], []
    for s in STRIDES:
        n = SIZE // s
        ys, xs = np.meshgrid(np.arange(n), np.arange(n), indexing='ij')
        grids.append(np.stack([xs.ravel(), ys.ravel()], 1))
        strides.append(np.full((n * n, 1), s))
    grid = np.concatenate(grids)[None].astype(np.float32)
    stride = np.concatenate(strides)[None].astype(np.float32)

    def sl(name, a, b):
        return node(g, 'Slice', ['yolox_out', const(g, name + '_start', np.array([a], np.int64)),
                                 const(g, name + '_end', np.array([b], np.int64)),
                                 const(g, name + '_axes', np.array([2], np.int64))], name)
    xy = node(g, 'Mul', [node(g, 'Add', [sl('xy', 0, 2), const(g, 'grid', grid)], 'xy_g'),
                         const(g, 'stride', stride)], 'xy_px')
    wh = node(g, 'Mul', [node(g, 'Exp', [sl('wh', 2, 4)], 'wh_e'), 'stride'], 'wh_px')
    box = node(g, 'Concat', [xy, wh], 'cxcywh', axis=2)
    return box, sl('obj', 4, 5), sl('cls', 5, 85)


def xyxy(g, box):
    c = node(g, 'Slice', [box, const(g, 'c0', np.array([0], np.int64)), const(g, 'c2', np.array([2], np.int64)),
                          const(g, 'ax2', np.array([2], np.int64))], 'centre')
    s = node(g, 'Slice', [box, 'c2', const(g, 'c4', np.array([4], np.int64)), 'ax2'], 'size')
    half = node(g, 'Mul', [s, const(g, 'half', np.array(0.5, np.float32))], 'halfsize')
    return node(g, 'Concat', [node(g, 'Sub', [c, half], 'tl'), node(g, 'Add', [c, half], 'br')], 'xyxy', axis=2)


def output(g, name, dtype, shape):
    g.output.append(helper.make_tensor_value_info(name, dtype, shape))


def topological(g):
    """Nodes in an order where each reads only what earlier nodes made (prefixes were added last)."""
    ready = {i.name for i in g.input} | {i.name for i in g.initializer} | {''}
    left, ordered = list(g.node), []
    while left:
        later = []
        for n in left:
            if all(i in ready for i in n.input):
                ordered.append(n)
                ready.update(n.output)
            else:
                later.append(n)
        if len(later) == len(left):
            raise ValueError('a cycle or a missing input: ' + str(later[0]))
        left = later
    del g.node[:]
    g.node.extend(ordered)


def save(m, name, meta=None):
    del m.graph.output[0]  # YOLOX's own output is now internal
    topological(m.graph)
    for k, v in (meta or {}).items():
        m.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name))


def yolov5():
    m = base(); g = m.graph
    rgb01_prefix(g)
    box, obj, cls = decoded(g)
    rows = node(g, 'Concat', [box, obj, cls], 'rows', axis=2)
    node(g, 'Concat', [rows, rows, rows], 'output0', axis=1)  # 3 anchors per cell, as YOLOv5 has
    output(g, 'output0', TensorProto.FLOAT, [1, 3 * 3549, 85])
    save(m, 'yolov5.onnx')


def yolov8():
    m = base(); g = m.graph
    rgb01_prefix(g)
    box, obj, cls = decoded(g)
    scores = node(g, 'Mul', [obj, cls], 'scores')
    rows = node(g, 'Concat', [box, scores], 'rows', axis=2)
    node(g, 'Transpose', [rows], 'output0', perm=[0, 2, 1])
    output(g, 'output0', TensorProto.FLOAT, [1, 84, 3549])
    names = {0: 'astronaut'}
    names.update({i: 'class%d' % i for i in range(1, 80)})
    save(m, 'yolov8.onnx', {'names': repr(names), 'stride': '32', 'imgsz': '[%d, %d]' % (SIZE, SIZE),
                            'task': 'detect', 'author': 'Evex tests'})


def end2end():
    m = base(); g = m.graph
    rgb01_prefix(g, MEAN, STD)
    box, obj, cls = decoded(g)
    node(g, 'Div', [xyxy(g, box), const(g, 'side', np.array(SIZE, np.float32))], 'boxes')
    node(g, 'Mul', [obj, cls], 'scores')
    output(g, 'boxes', TensorProto.FLOAT, [1, 3549, 4])
    output(g, 'scores', TensorProto.FLOAT, [1, 3549, 80])
    save(m, 'end2end.onnx')


def nms_inside():
    """D-FINE's habit: labels, boxes, scores, NMS done, boxes in the pixels of orig_target_sizes."""
    m = base(); g = m.graph
    rgb01_prefix(g)
    g.input.append(helper.make_tensor_value_info('orig_target_sizes', TensorProto.INT64, [1, 2]))
    box, obj, cls = decoded(g)
    corners = xyxy(g, box)
    scores = node(g, 'Mul', [obj, cls], 'class_scores')
    best = node(g, 'ReduceMax', [scores], 'best', axes=[2], keepdims=0)  # [1, N]
    label = node(g, 'ArgMax', [scores], 'label', axis=2, keepdims=0)      # [1, N]
    picked = node(g, 'NonMaxSuppression', [corners, node(g, 'Unsqueeze', [best], 'best3', axes=[1]),
                                           const(g, 'most', np.array([100], np.int64)),
                                           const(g, 'iou', np.array([0.45], np.float32)),
                                           const(g, 'least', np.array([0.3], np.float32))], 'picked')
    index = node(g, 'Gather', [picked, const(g, 'col2', np.array(2, np.int64))], 'index', axis=1)  # [K]
    size = node(g, 'Cast', ['orig_target_sizes'], 'size_f', to=TensorProto.FLOAT)
    scale = node(g, 'Div', [node(g, 'Concat', [size, size], 'size4', axis=1), 'side_c'], 'scale')
    const(g, 'side_c', np.array(SIZE, np.float32))
    kept = node(g, 'Gather', [corners, index], 'kept', axis=1)  # [1, K, 4]
    node(g, 'Mul', [kept, node(g, 'Unsqueeze', [scale], 'scale3', axes=[1])], 'boxes')
    node(g, 'Gather', [best, index], 'scores', axis=1)
    node(g, 'Gather', [label, index], 'labels', axis=1)
    output(g, 'labels', TensorProto.INT64, [1, 'K'])
    output(g, 'boxes', TensorProto.FLOAT, [1, 'K', 4])
    output(g, 'scores', TensorProto.FLOAT, [1, 'K'])
    save(m, 'nms.onnx')


def batched():
    """YOLOX itself, with an open batch dimension (its reshapes keep the batch instead of fixing 1)."""
    m = onnx.load(SRC)
    for init in m.graph.initializer:
        a = numpy_helper.to_array(init)
        if a.dtype == np.int64 and a.tolist() == [1, 85, -1]:
            init.CopyFrom(numpy_helper.from_array(np.array([0, 85, -1], np.int64), init.name))
    for value in (m.graph.input[0], m.graph.output[0]):
        dim = value.type.tensor_type.shape.dim[0]
        dim.ClearField('dim_value')
        dim.dim_param = 'batch'
    del m.graph.value_info[:]  # shapes inferred for batch 1 no longer hold
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, 'batched.onnx'))


def unknown():
    """A picture in, three numbers out: no detector layout."""
    g = helper.make_graph(
        [helper.make_node('GlobalAveragePool', ['images'], ['pooled']),
         helper.make_node('Flatten', ['pooled'], ['features'])],
        'unknown', [helper.make_tensor_value_info('images', TensorProto.FLOAT, [1, 3, SIZE, SIZE])],
        [helper.make_tensor_value_info('features', TensorProto.FLOAT, [1, 3])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 11)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, 'unknown.onnx'))


def colours():
    """A classifier of a picture's dominant channel: mean R, G, B -> softmax -> red, green, blue (in its metadata)."""
    g = helper.make_graph(
        [helper.make_node('GlobalAveragePool', ['images'], ['pooled']),
         helper.make_node('Flatten', ['pooled'], ['means']),
         helper.make_node('Mul', ['means', 'sharp'], ['logits']),
         helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1)],
        'colours', [helper.make_tensor_value_info('images', TensorProto.FLOAT, [1, 3, 64, 64])],
        [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [1, 3])],
        [numpy_helper.from_array(np.array(20, np.float32), 'sharp')])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 11)])
    m.ir_version = 7
    m.metadata_props.append(onnx.StringStringEntryProto(key='names', value="{0: 'red', 1: 'green', 2: 'blue'}"))
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, 'colours.onnx'))


os.makedirs(OUT, exist_ok=True)
for make in (yolov5, yolov8, end2end, nms_inside, batched, unknown, colours):
    make()
print('made', sorted(os.listdir(OUT)))
