package io.faceembed.inference;

import java.util.List;

/** Locates facial landmarks (68 points for dlib's scheme) as x0,y0,x1,y1,... in image pixel coordinates. */
public interface LandmarkDetector extends AutoCloseable {

    List<float[]> locate(List<FaceRef> faces);

    @Override
    void close();
}
