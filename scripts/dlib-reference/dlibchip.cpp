// Reference chips from dlib itself: raw RGB image + 68 integer landmarks in, chip_details and the chip out.
#include <dlib/image_transforms.h>
#include <dlib/image_processing/full_object_detection.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/pixel.h>
#include <fstream>
#include <iostream>
#include <vector>
using namespace dlib;
int main(int argc, char** argv) {
    if (argc != 7) { std::cerr << "usage: rgbfile width height landmarksfile outchip padding\n"; return 2; }
    long w = atol(argv[2]), h = atol(argv[3]);
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<unsigned char> buf(w * h * 3);
    in.read((char*)buf.data(), buf.size());
    array2d<rgb_pixel> img(h, w);
    for (long y = 0; y < h; ++y) for (long x = 0; x < w; ++x) {
        unsigned char* p = &buf[(y * w + x) * 3];
        img[y][x] = rgb_pixel(p[0], p[1], p[2]);
    }
    std::ifstream lm(argv[4]);
    std::vector<point> parts; long px, py;
    while (lm >> px >> py) parts.push_back(point(px, py));
    full_object_detection det(rectangle(0, 0, w - 1, h - 1), parts);
    chip_details d = get_face_chip_details(det, 150, atof(argv[6]));
    std::cout.precision(17);
    std::cout << "rect " << d.rect.left() << " " << d.rect.top() << " " << d.rect.right() << " " << d.rect.bottom()
              << " angle " << d.angle << " rows " << d.rows << " cols " << d.cols << "\n";
    matrix<rgb_pixel> chip;
    extract_image_chip(img, d, chip);
    std::ofstream out(argv[5], std::ios::binary);
    for (long r = 0; r < chip.nr(); ++r) for (long c = 0; c < chip.nc(); ++c) {
        out.put(chip(r, c).red); out.put(chip(r, c).green); out.put(chip(r, c).blue);
    }
    return 0;
}
