// The page of UppyBrowserTest for @uppy/aws-s3 5.x (with @uppy/core 5.x, from this directory's own node_modules):
// the stock plugin pointed at Signet's Companion routes with `endpoint` and `headers`, which 5.x sends with every
// call to the endpoint. The page is given, in its URL fragment, `endpoint=<Signet>/api/v1/uppy`, `token=<sk- key
// or JWT>` and, for a JWT, `team=<team id>`.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';

const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
const MiB = 1024 * 1024;
const headers: Record<string, string> = { Authorization: `Bearer ${fragment.get('token')}` };
if (fragment.get('team')) {
    headers['X-Team-ID'] = fragment.get('team')!;
}

const uppy = new Uppy().use(AwsS3, {
    endpoint: fragment.get('endpoint') ?? '',
    headers,
    shouldUseMultipart: (file) => (file.size ?? 0) > 40 * MiB,
});
// Neither plugin sends a file's size; Signet needs it to plan a multipart upload (and to pin a POST policy's size).
uppy.on('file-added', (file) => uppy.setFileMeta(file.id, { file_size: file.size }));

const input = document.getElementById('files') as HTMLInputElement;
input.addEventListener('change', () => {
    for (const file of Array.from(input.files ?? [])) {
        uppy.addFile({ name: file.name, type: file.type, data: file });
    }
});

// The test drives it from outside: upload(), pauseResume(id), and listens to its events.
(window as unknown as { uppy: unknown }).uppy = uppy;
