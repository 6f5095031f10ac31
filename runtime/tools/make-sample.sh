#!/bin/sh
# Re-creates the bundled sample video (runtime/src/main/resources/io/evex/runtime/video/lobby.mp4):
# 8 s of a still scene at 640x360, 25 fps, with a red object crossing it between 2 s and 6 s, so
# the motion detector has both motion and stillness to tell apart. Needs the ffmpeg CLI with libx264.
set -eu
out=${1:-lobby.mp4}
ffmpeg -v error -y \
  -f lavfi -i "color=c=0x3a4a5a:s=640x360:r=25:d=8,drawgrid=w=80:h=60:t=2:c=0x6a7a8a,drawbox=x=40:y=220:w=180:h=110:c=0x8a6a4a:t=fill,noise=alls=4:allf=t" \
  -f lavfi -i "color=c=0xd04030:s=60x90:r=25:d=8" \
  -filter_complex "[0][1]overlay=x='if(between(t,2,6),40+(t-2)*130,-100)':y=140:eval=frame,format=yuv420p" \
  -c:v libx264 -profile:v main -preset slow -crf 30 -g 25 -movflags +faststart "$out"
