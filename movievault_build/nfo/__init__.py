"""Tools for the `.nfo` files beside the videos: validate, repair, enrich and write them
for Kodi, Jellyfin, Emby and Plex. Reading is identify.nfo's job; everything here reads
through it, so a file is understood (and refused) the same way everywhere."""
