import { mountPage } from '../components/mount';
import { SignedIn } from '../components/SignIn';
import { Campaigns } from './Campaigns';

mountPage('campaigns.title', 'campaigns', <SignedIn><Campaigns /></SignedIn>);
