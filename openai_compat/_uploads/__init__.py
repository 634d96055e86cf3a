"""Files in and out: file inputs, multipart bodies, upload progress and binary downloads."""
