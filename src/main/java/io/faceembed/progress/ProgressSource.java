package io.faceembed.progress;

/** Live counts read by the progress line. */
public interface ProgressSource {

    long images();

    long faces();

    long failedImages();
}
