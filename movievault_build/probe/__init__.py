"""What a video file is made of: ffprobe's facts (streams, HDR, chapters, discs,
subtitles, languages, quality) read, cached and reduced to what the library shows."""
