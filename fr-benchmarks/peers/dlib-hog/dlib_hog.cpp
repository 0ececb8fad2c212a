// dlib's HOG frontal face detector (Debian libdlib-dev) as a peer for fr-benchmarks.
// Usage: dlib_hog UPSAMPLE RUNS < list-of-image-paths
// For each image: one line "path<TAB>median_ms<TAB>x1,y1,x2,y2;x1,y1,x2,y2;..." (boxes in original pixels,
// half-open corners). The time is the median of RUNS detections after one warm-up run, single-threaded, in thread
// CPU time (CLOCK_THREAD_CPUTIME_ID: on a shared machine other processes inflate wall-clock time, not this), with
// the upsampling included (pyramid_up runs inside the timed part, as dlib's own examples do before detecting).
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_io.h>
#include <algorithm>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

static double cpu_ms() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: dlib_hog UPSAMPLE RUNS < image-list\n";
        return 2;
    }
    const int upsample = std::stoi(argv[1]);
    const int runs = std::max(1, std::stoi(argv[2]));
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    std::string path;
    while (std::getline(std::cin, path)) {
        if (path.empty()) continue;
        dlib::array2d<dlib::rgb_pixel> original;
        try {
            dlib::load_image(original, path);
        } catch (std::exception& e) {
            std::cerr << "dlib_hog: cannot read " << path << ": " << e.what() << "\n";
            return 1;
        }
        std::vector<dlib::rectangle> faces;
        std::vector<double> ms;
        for (int r = 0; r <= runs; r++) {
            double t0 = cpu_ms();
            dlib::array2d<dlib::rgb_pixel> img;
            dlib::assign_image(img, original);
            for (int u = 0; u < upsample; u++) dlib::pyramid_up(img);
            faces = detector(img);
            double t1 = cpu_ms();
            if (r > 0) ms.push_back(t1 - t0);
        }
        std::sort(ms.begin(), ms.end());
        double scale = 1 << upsample;
        std::cout << path << '\t' << ms[ms.size() / 2] << '\t';
        for (size_t i = 0; i < faces.size(); i++) {
            const auto& f = faces[i];
            if (i) std::cout << ';';
            std::cout << f.left() / scale << ',' << f.top() / scale << ',' << (f.right() + 1) / scale << ',' << (f.bottom() + 1) / scale;
        }
        std::cout << '\n';
    }
    return 0;
}
