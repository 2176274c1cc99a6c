#!/usr/bin/env bash
# Copy the raw files tools/modern.py reads out of local git copies of the public
# repositories it names (modern.SOURCES), into $ZHFIX_CORPORA (default
# /work/corpora/h12a).  Nothing of them goes into this repository.
#
#   tools/fetch_modern.sh MIRRORS
#
# MIRRORS holds one git directory per repository, named owner+name (a bare mirror, or a
# clone whose .git is used), e.g. MIRRORS/LawRefBook+Laws.
set -euo pipefail
mirrors=${1:?usage: tools/fetch_modern.sh MIRRORS}
out=${ZHFIX_CORPORA:-/work/corpora/h12a}
mkdir -p "$out"

gitdir() {
  local d="$mirrors/$1"
  for g in "$d/repo/.git" "$d/repo" "$d/.git" "$d"; do
    if git -C "$g" rev-parse --git-dir >/dev/null 2>&1; then echo "$g"; return; fi
  done
  echo "no git copy of $1 under $mirrors" >&2; exit 2
}
show() { git -C "$(gitdir "$1")" show "HEAD:$2" > "$out/$3"; }

show lr12+textcnnrnn data/ay/cnews.train.txt court_train.txt
show lr12+textcnnrnn data/ay/cnews.val.txt court_val.txt
show lr12+textcnnrnn data/ay/cnews.test.txt court_test.txt
show Toyhom+Chinese-medical-dialogue-data "Data_数据/IM_内科/内科.txt" med_neike.txt
show Toyhom+Chinese-medical-dialogue-data "样例_内科5000-6000.csv" med_sample.csv
show ymcui+cmrc2018 data/cmrc2018_dev.json cmrc_dev.json
show ymcui+cmrc2018 data/cmrc2018_trial.json cmrc_trial.json
show DRCKnowledgeTeam+DRCD DRCD_dev.json drcd_dev.json
show DRCKnowledgeTeam+DRCD DRCD_test.json drcd_test.json
show google-deepmind+xquad xquad.zh.json xquad_zh.json
show SophonPlus+ChineseNlpCorpus datasets/ChnSentiCorp_htl_all/ChnSentiCorp_htl_all.csv hotel.csv
show SophonPlus+ChineseNlpCorpus datasets/waimai_10k/waimai_10k.csv waimai.csv
show SophonPlus+ChineseNlpCorpus datasets/online_shopping_10_cats/online_shopping_10_cats.zip shopping.zip
for pair in "LawRefBook+Laws laws ." "vuejs-translations+docs-zh-cn vue src" "yeasy+docker_practice docker ."; do
  set -- $pair
  rm -rf "${out:?}/$2"; mkdir -p "$out/$2"
  git -C "$(gitdir "$1")" archive HEAD "$3" | tar -x -C "$out/$2" --wildcards '*.md'
done
echo "wrote $out"
