#!/usr/bin/env bash
# Takes the README screenshots from the real app under Xvfb (GTK glass, not Monocle):
#   apt-get install -y xvfb libgtk-3-0 libxtst6 libgl1 libgl1-mesa-dri fonts-dejavu
#   fx-client/screenshots.sh [EXTRA_DIR]   # writes docs/screenshots/*.png (and more screens into EXTRA_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl fx-client -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
CP="fx-client/target/test-classes:fx-client/target/classes:$(cat fx-client/target/test-classpath.txt)"
RUN=(java -Dprism.order=sw -cp "$CP" org.parley.fx.tour.ScreenshotTour docs/screenshots "$@")
if [ -n "${DISPLAY:-}" ]; then
    "${RUN[@]}"
else
    xvfb-run -a -s "-screen 0 1280x800x24" "${RUN[@]}"
fi
