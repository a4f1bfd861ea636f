import { Command } from 'commander';
import { writeDepthPng } from '../io/depth-png.js';
import { readKittiCalibration } from '../datasets/kitti/calibration.js';
import { projectVelodyne, readVelodyneBin } from '../datasets/kitti/velodyne.js';
import { kittiSpec } from '../datasets/kitti-spec.js';

interface VelodyneToDepthOptions {
  calibDir: string;
  bin: string;
  out: string;
  velDepth?: boolean;
  camera: string;
}

function velodyneToDepthCommand(): Command {
  return new Command('velodyne-to-depth')
    .description('project a velodyne scan to a 16-bit depth PNG (depth × 256) as monodepth2 builds its Eigen GT')
    .requiredOption('--calib-dir <dir>', 'date folder holding calib_cam_to_cam.txt and calib_velo_to_cam.txt')
    .requiredOption('--bin <file>', 'velodyne_points/data/*.bin scan')
    .requiredOption('--out <file.png>', 'depth PNG to write (written atomically)')
    .option('--vel-depth', 'store velodyne x (forward range), as monodepth2 does for the Eigen GT, instead of camera z')
    .option('--camera <n>', 'rectified colour camera: 2 (left) or 3 (right)', '2')
    .action(async (opts: VelodyneToDepthOptions) => {
      if (opts.camera !== '2' && opts.camera !== '3') throw new Error(`--camera: expected 2 or 3, got '${opts.camera}'`);
      const calib = await readKittiCalibration(opts.calibDir, opts.camera === '2' ? 2 : 3);
      const projected = projectVelodyne(await readVelodyneBin(opts.bin), calib, { velDepth: opts.velDepth ?? false });
      await writeDepthPng(opts.out, projected.depth, kittiSpec.depthScale);
      process.stdout.write(
        `wrote ${opts.out}: ${calib.width}×${calib.height}, ${projected.pointsInImage} points in image, ` +
          `${projected.pixels} pixels with depth (${opts.velDepth ? 'velodyne x' : 'camera z'})\n`,
      );
    });
}

/** `depthkit kitti …`: KITTI tools. */
export function kittiCommand(): Command {
  return new Command('kitti').description('KITTI tools').addCommand(velodyneToDepthCommand());
}
