"""Listening: recorded audio, text written out for speech, espeak-ng synthesis."""
