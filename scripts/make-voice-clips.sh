#!/bin/sh
# Makes the lobby display's offline Vietnamese voice: one small clip per word or phrase of the
# announcement "Kính mời công dân có số thứ tự A023 đến quầy số 3" (the phrases, the number
# words, the letter names) and a chime, synthesised with espeak-ng (Debian: espeak-ng) and
# trimmed and encoded with sox (Debian: sox, libsox-fmt-all). Each clip is written twice:
# Ogg Vorbis (small, preferred) and 8-bit 16 kHz WAV (for a TV browser without Vorbis).
# The browser (web/voice/player.ts) reads manifest.json and chains the clips with Web Audio.
#
# Usage: sh scripts/make-voice-clips.sh   (rewrites web/public/audio/vi/)
set -eu

out="$(dirname "$0")/../web/public/audio/vi"
voice="${VOICE:-vi}"   # vi (northern), vi-vn-x-central, vi-vn-x-south
speed="${SPEED:-140}"  # words per minute; slower than espeak's 175 for a large hall
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rm -f "$out"/*.ogg "$out"/*.wav "$out"/manifest.json

# key (what web/voice/sentence.ts produces) | file name | text given to espeak-ng
clips='
Kính mời công dân có số thứ tự|intro|Kính mời công dân có số thứ tự
đến quầy số|to-counter|đến quầy số
không|n-khong|không
một|n-mot|một
mốt|n-mot-sac|mốt
hai|n-hai|hai
ba|n-ba|ba
bốn|n-bon|bốn
tư|n-tu|tư
năm|n-nam|năm
lăm|n-lam|lăm
sáu|n-sau|sáu
bảy|n-bay|bảy
tám|n-tam|tám
chín|n-chin|chín
mười|n-muoi-huyen|mười
mươi|n-muoi|mươi
trăm|n-tram|trăm
linh|n-linh|linh
nghìn|n-nghin|nghìn
triệu|n-trieu|triệu
tỷ|n-ty|tỷ
a|l-a|a
bê|l-b|bê
xê|l-c|xê
dê|l-d|dê
đê|l-dd|đê
e|l-e|e
ép|l-f|ép
giê|l-g|giê
hát|l-h|hát
i|l-i|i
gi|l-j|gi
ca|l-k|ca
e-lờ|l-l|e lờ
em-mờ|l-m|em mờ
en-nờ|l-n|en nờ
o|l-o|o
pê|l-p|pê
quy|l-q|quy
e-rờ|l-r|e rờ
ét-sì|l-s|ét sì
tê|l-t|tê
u|l-u|u
vê|l-v|vê
vê-kép|l-w|vê kép
ích-xì|l-x|ích xì
i-dài|l-y|i dài
dét|l-z|dét
'

encode() { # $1 = trimmed 22 kHz wav, $2 = file name
  sox "$1" -C 0 "$out/$2.ogg"
  sox "$1" -r 16000 -b 8 -e unsigned-integer "$out/$2.wav" dither
}

duration() { sox --i -D "$1"; }

manifest="$tmp/clips.json"
printf '' >"$manifest"

# The chime: three soft bell notes (E5, C5, G5) with a long decay, mixed with an offset.
sox -n -r 22050 -c 1 "$tmp/c1.wav" synth 0.9 sine 659.25 fade q 0.005 0.9 0.85 vol 0.5
sox -n -r 22050 -c 1 "$tmp/c2.wav" synth 0.9 sine 523.25 fade q 0.005 0.9 0.85 vol 0.5 pad 0.32 0
sox -n -r 22050 -c 1 "$tmp/c3.wav" synth 1.2 sine 783.99 fade q 0.005 1.2 1.15 vol 0.5 pad 0.64 0
sox -m "$tmp/c1.wav" "$tmp/c2.wav" "$tmp/c3.wav" "$tmp/chime.wav" norm -3 fade t 0 0 0.1
encode "$tmp/chime.wav" chime
printf '"♪":{"file":"chime","duration":%s}' "$(duration "$tmp/chime.wav")" >>"$manifest"

echo "$clips" | while IFS='|' read -r key file text; do
  [ -n "$key" ] || continue
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" "$text" 2>/dev/null
  # Trim the silence espeak leaves around a word, normalise, and leave 20 ms either side.
  sox "$tmp/raw.wav" -r 22050 -c 1 "$tmp/clip.wav" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse norm -1 pad 0.02 0.02
  encode "$tmp/clip.wav" "$file"
  printf ',"%s":{"file":"%s","duration":%s}' "$key" "$file" "$(duration "$tmp/clip.wav")" >>"$manifest"
done

{
  printf '{"voice":"espeak-ng %s","formats":["ogg","wav"],"clips":{' "$voice"
  cat "$manifest"
  printf '}}\n'
} >"$out/manifest.json"

echo "wrote $(ls "$out" | wc -l) files, $(du -sk "$out" | cut -f1) kB to $out"
